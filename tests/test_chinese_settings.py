"""Chinese: settings problems never show an internal key; the operator's name per language."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.config import ProblemCode, SettingProblem, Settings, SettingsError
from kiosk.domain.notice import render_notice

FIELDS = {f.name for f in dataclasses.fields(Settings)}


def problems_of(**bad) -> list:
    with pytest.raises(SettingsError) as e:
        dataclasses.replace(Settings(), **bad).validate()
    return list(e.value.problems)


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
    except SettingsError as exc:
        every += exc.problems
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


SAMPLE_PROBLEMS = {
    ProblemCode.WRONG_TYPE: SettingProblem(ProblemCode.WRONG_TYPE, "inactivity_s", value="int"),
    ProblemCode.NOT_FINITE: SettingProblem(ProblemCode.NOT_FINITE, "match_threshold", value=float("nan")),
    ProblemCode.UNREADABLE: SettingProblem(ProblemCode.UNREADABLE, "public_place", value="bool", text="maybe"),
    ProblemCode.TOO_LONG: SettingProblem(ProblemCode.TOO_LONG, "site_name", high=500),
    ProblemCode.OUT_OF_RANGE: SettingProblem(ProblemCode.OUT_OF_RANGE, "inactivity_s", low=10, high=600),
    ProblemCode.NOT_A_CHOICE: SettingProblem(ProblemCode.NOT_A_CHOICE, "gate_mode", value=("log", "command", "http")),
    ProblemCode.NEEDED: SettingProblem(ProblemCode.NEEDED, "gate_command", value=("gate_mode", "command")),
    ProblemCode.NOT_A_URL: SettingProblem(ProblemCode.NOT_A_URL, "gate_url", value=("gate_mode", "http")),
    ProblemCode.BRIGHTNESS_ORDER: SettingProblem(ProblemCode.BRIGHTNESS_ORDER, "min_brightness", low=0, high=255),
    ProblemCode.NO_LANGUAGE: SettingProblem(ProblemCode.NO_LANGUAGE, "languages", value=("zh_CN", "en")),
}


def test_every_settings_problem_code_has_its_text_in_both_languages(qapp):
    from kiosk.ui.i18n import Translations
    from kiosk.ui.pages.staff.setting_problems import problem_text

    assert set(SAMPLE_PROBLEMS) == set(ProblemCode)
    t = Translations(qapp)
    try:
        for code, problem in SAMPLE_PROBLEMS.items():
            t.set_language("en")
            en = problem_text(problem, {})
            assert str(problem).startswith(problem.setting) or code is ProblemCode.BRIGHTNESS_ORDER
            assert en and not re.search(r"[\u4e00-\u9fff]", en), (code, en)
            t.set_language("zh_CN")
            zh = problem_text(problem, {})
            assert re.search(r"[\u4e00-\u9fff]", zh.split("：", 1)[-1]), (code, zh)  # the rule itself, in Chinese
    finally:
        t.set_language("en")
