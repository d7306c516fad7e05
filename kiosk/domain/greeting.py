"""What a result screen may show of a visitor's name: bystanders read the screen, so a
Western name is shown by its first name only ("Grace Hopper" -> "Grace"), and a Chinese
name, family name first, is shown the way Chinese services mask names on screen: the
first character and one star per hidden character ("李华" -> "李*", "王小明" -> "王**")."""

from __future__ import annotations


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def greeting_name(display_name: str) -> str:
    words = display_name.split()
    if not words:
        return ""
    first = words[0]
    if all(_cjk(ch) for ch in first):
        return first[0] + "*" * (len(first) - 1) if len(first) > 1 else first
    return first
