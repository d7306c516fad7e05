"""Result screens greet by the first name only: bystanders read the screen."""

from __future__ import annotations

import pytest

from kiosk.domain.greeting import greeting_name


@pytest.mark.parametrize("name, shown", [
    ("Grace Hopper", "Grace"), ("  Ada   Lovelace ", "Ada"), ("Tom (child)", "Tom"), ("Cher", "Cher"),
    ("李华 Li Hua", "李*"), ("王小明", "王**"), ("", ""),
])
def test_first_name_only(name, shown):
    assert greeting_name(name) == shown
