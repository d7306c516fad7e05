"""Chinese: settings problems never show an internal key; the operator's name per language."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.config import Settings
from kiosk.domain.notice import render_notice
from kiosk.errors import ConfigError

FIELDS = {f.name for f in dataclasses.fields(Settings)}


def problems_of(**bad) -> list[str]:
    with pytest.raises(ConfigError) as e:
        dataclasses.replace(Settings(), **bad).validate()
    return e.value.message.removeprefix("Invalid settings: ").rstrip(".").split("; ")


@pytest.fixture
def chinese(qapp):
    from kiosk.ui.i18n import Translations

    t = Translations(qapp)
    t.set_language("zh_CN")
    yield
    t.set_language("en")


def test_settings_problems_in_chinese_name_the_field_never_its_key(chinese):
    from kiosk.ui.pages.staff.setting_problems import problem_text

    labels = {"inactivity_s": QLabel("访客无操作超时（10–600 秒）")}
    assert problem_text(problems_of(inactivity_s=5)[0], labels) == "访客无操作超时（10–600 秒）：必须在 10 到 600 之间"
    every = problems_of(inactivity_s=5, match_threshold=0.9, site_type="moon", gate_mode="http", gate_url="ftp://x",
                        filing_threshold=0, languages=(), enroll_frames=99) + problems_of(operator_name="x" * 600)
    try:
        Settings.coerce("inactivity_s", "abc")
    except ConfigError as exc:
        every.append(exc.message)
    assert len(every) >= 8
    for problem in every:
        text = problem_text(problem, labels)
        assert not FIELDS & set(re.findall(r"\w+", text)), (problem, text)  # no internal key
        assert re.search(r"[\u4e00-\u9fff]", text), text  # Chinese, not English with a key in it


def test_operator_name_per_language_in_the_notice():
    s = Settings(operator_name="Demo Zoo", operator_name_zh="演示动物园", operator_contact="privacy@demo.invalid")
    assert "演示动物园" in render_notice(s, "1001", "2027-11-28", "zh_CN").text
    en = render_notice(s, "1001", "2027-11-28", "en").text
    assert "Demo Zoo" in en and "演示动物园" not in en
    only_en = Settings(operator_name="Demo Zoo")
    assert "Demo Zoo" in render_notice(only_en, "1001", "2027-11-28", "zh_CN").text  # falls back to the one name
    assert s.operator_for("zh_CN") == "演示动物园" and Settings(operator_name_zh="演示").operator_for("en") == "演示"
