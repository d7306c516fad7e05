"""The notice and consent wording: complete, calm, never coercive or misleading (rule 3).

Scans the notice templates, rendered notices and every string of the enrollment UI
(``i18n/enroll_zh_CN.ts``: the English source and the Chinese translation).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.domain.notice import (
    LANGUAGES,
    NOTICE_VERSION,
    REQUIRED_ELEMENTS,
    format_date,
    notice_templates,
    render_notice,
)

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "i18n" / "enroll_zh_CN.ts"

#: Pressure, false necessity or a misleading purpose. Checked case-insensitively.
FORBIDDEN = {
    "en": [
        r"\brequired?\b", r"\brequires\b", r"\bmandatory\b", r"\bmust\b", r"\bhave to\b", r"\bneed to\b",
        r"\bobligat", r"\bcompulsory\b", r"\bimprov\w* (our |the )?service", r"\bservice quality\b",
        r"\brecommended\b", r"\bstrongly\b", r"\botherwise\b", r"\bonly way\b", r"\bfor your (safety|security)\b",
        r"\bfor your convenience\b", r"\bbetter experience\b", r"\bno longer (be able|work)", r"\bexpected to\b",
    ],
    "zh_CN": [
        "必须", "强制", "务必", "一定要", "不得不", "服务质量", "提升服务", "提高服务", "改善服务", "优化服务",
        "更好的体验", "推荐", "建议您", "否则", "唯一方式", "为了您的安全", "方便您", "应当", "需要开通",
    ],
}


def forbidden_in(text: str, language: str) -> list[str]:
    return [p for p in FORBIDDEN[language] if re.search(p, text, re.IGNORECASE)]


def ts_messages() -> list[tuple[str, str, str | None]]:
    """(context, source, translation or None when unfinished) of the enrollment UI's strings."""
    if not TS_FILE.is_file():
        pytest.skip("i18n/enroll_zh_CN.ts is added with the enrollment pages")
    out = []
    for ctx in ET.parse(TS_FILE).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            finished = tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete")
            texts = [n.text or "" for n in tr.iter("numerusform")] if tr is not None else []
            text = " ".join(texts) if texts else (tr.text if tr is not None else None)
            out.append((name, msg.findtext("source") or "", text if finished else None))
    return out


SITE = Settings(operator_name="Sunny Zoo Ltd", operator_contact="privacy@zoo.example, 010-1234-5678")
EXPIRY = "2027-11-26T23:59:59+00:00"


def test_the_scanner_catches_pressure():
    assert forbidden_in("You must use your face to improve service quality.", "en")
    assert forbidden_in("Face verification is required.", "en")
    assert forbidden_in("为提升服务质量，您必须开通刷脸。", "zh_CN")
    assert not forbidden_in("It is your choice.", "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_notice_has_no_coercive_or_misleading_wording(language):
    for text in notice_templates()[language] + [render_notice(SITE, "M001", EXPIRY, language).text]:
        assert forbidden_in(text, language) == [], text


# Words that show each required element is really there, in the visitor's language.
MARKERS = {
    "en": {
        "operator": ["Sunny Zoo Ltd"],
        "contact": ["privacy@zoo.example, 010-1234-5678"],
        "purpose": ["Only to check", "pass M001", "Nothing else"],
        "stored": ["template", "numbers worked out from your face", "No photo or video is kept"],
        "where": ["Only on this kiosk", "encrypted", "not sent"],
        "until": ["26 November 2027"],
        "withdraw": ["at any time", "My data", "Delete my face data", "deleted at once"],
    },
    "zh_CN": {
        "operator": ["Sunny Zoo Ltd"],
        "contact": ["privacy@zoo.example, 010-1234-5678"],
        "purpose": ["仅用于", "通行证 M001", "不作其他用途"],
        "stored": ["人脸模板", "根据您的面部算出的一组数字", "不保存您的任何照片或视频"],
        "where": ["只保存在这台设备上", "加密", "不会发送"],
        "until": ["2027年11月26日"],
        "withdraw": ["随时", "我的数据", "删除我的人脸数据", "立即"],
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_notice_contains_every_required_element(language):
    notice = render_notice(SITE, "M001", EXPIRY, language)
    assert notice.language == language and notice.version == NOTICE_VERSION and len(notice.sha256) == 64
    for key, _what in REQUIRED_ELEMENTS:
        body = notice.section(key).body
        for marker in MARKERS[language][key]:
            assert marker in body, f"{language} notice, {key!r} section lacks {marker!r}"
    assert format_date(EXPIRY, language) in notice.text
    assert "no" in notice.intro.lower() or "是否" in notice.intro  # declining is named as a free choice


def test_notice_without_a_site_profile_still_says_whom_to_ask():
    for language in LANGUAGES:
        notice = render_notice(Settings(), "M001", EXPIRY, language)
        assert "{" not in notice.text and "-." not in notice.text
        assert notice.section("contact").body.strip(". 。")


def test_chinese_notice_is_chinese():
    for text in notice_templates()["zh_CN"]:
        words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", text))
        assert words == [], text


def test_notice_text_is_versioned_and_hashed():
    """Changing the wording needs a new NOTICE_VERSION: the reference hashes are pinned per version."""
    reference = {lang: render_notice(SITE, "M001", EXPIRY, lang).sha256 for lang in LANGUAGES}
    assert NOTICE_VERSION in PINNED, "new notice version: add its reference hashes to PINNED"
    assert reference == PINNED[NOTICE_VERSION], "notice wording changed: bump NOTICE_VERSION and pin the new hashes"
    a, b = render_notice(SITE, "M001", EXPIRY, "en"), render_notice(SITE, "M002", EXPIRY, "en")
    assert a.sha256 != b.sha256  # the hash is of the exact text shown to that member


PINNED = {
    # 2026-11.1: the foundation's short notice; 2026-11.2: first complete notice (never shipped)
    "2026-11.3": {
        "en": "3be25186058ec7052b3540bb6cbb838bbe35df57fe7be4bd8081ff5ff291f824",
        "zh_CN": "3cd1a79adbd4f9bf126739685c150e253e4e18a9071ee177f60467c9b218464a",
    },
    # 2026-11.4: the parent's notice says "your child's pass" (how long, where, withdrawal); the
    # member's own notice is unchanged
    "2026-11.4": {
        "en": "3be25186058ec7052b3540bb6cbb838bbe35df57fe7be4bd8081ff5ff291f824",
        "zh_CN": "3cd1a79adbd4f9bf126739685c150e253e4e18a9071ee177f60467c9b218464a",
    },
}


# -- the enrollment UI's strings ----------------------------------------------------------
def test_enrollment_ui_strings_are_calm_in_both_languages():
    for ctx, source, translation in ts_messages():
        assert forbidden_in(source, "en") == [], f"{ctx}: {source!r}"
        if translation:
            assert forbidden_in(translation, "zh_CN") == [], f"{ctx}: {translation!r}"


def test_enrollment_ui_translations_are_complete():
    missing = [(ctx, src) for ctx, src, tr in ts_messages() if not tr]
    assert missing == []


def test_ui_labels_match_the_notice():
    """The notice tells people to choose "My data" and "Delete my face data": the buttons say so."""
    by_source = {src: tr for _ctx, src, tr in ts_messages()}
    assert by_source.get("Delete my face data") == "删除我的人脸数据"


@pytest.mark.parametrize("on_pass", [False, True])
def test_the_parents_notice_speaks_of_the_childs_pass_in_both_modes(on_pass):
    """A parent reads "your child's pass", never "your pass": where the template is, how long it
    works and how to withdraw, with the template kept at the kiosk or on the pass."""
    site = SITE.replace(template_storage="pass" if on_pass else "kiosk")
    for lang, own, childs in (("en", ("your pass", "your own pass", "Your face pass"), "your child's"),
                              ("zh_CN", ("您的人脸通行证", "您自己的通行证", "出示通行证"), "孩子")):
        parent = render_notice(site, "M003", EXPIRY, lang, for_guardian=True)
        member = render_notice(site, "M003", EXPIRY, lang)
        for key in ("where", "until", "withdraw") if on_pass else ("until", "withdraw"):
            body = parent.section(key).body
            assert childs in body.lower() if lang == "en" else childs in body, (lang, key, body)
            assert not any(w.lower() in body.lower() for w in own), (lang, key, body)
        assert parent.version == member.version and parent.sha256 != member.sha256
