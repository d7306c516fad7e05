"""Every translation area is complete, covers every string in its sources, and is compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "i18n"))
from update import lupdate_args  # noqa: E402

TS_FILES = sorted((ROOT / "i18n").glob("*_*.ts"))


def unfinished(ts: Path) -> list[str]:
    bad = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            texts = [tr.text] if msg.get("numerus") != "yes" else [f.text for f in tr.iter("numerusform")]
            if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(t and t.strip() for t in texts):
                bad.append(f"{name}: {msg.findtext('source')!r}")
    return bad


def test_there_is_a_visitor_area():
    assert (ROOT / "i18n" / "visitor_zh_CN.ts") in TS_FILES


def test_every_area_has_both_languages():
    for files in (ROOT / "i18n").glob("*.files"):
        for lang in ("zh_CN", "en"):
            assert (ROOT / "i18n" / f"{files.stem}_{lang}.ts") in TS_FILES


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_no_unfinished_translations(ts):
    assert unfinished(ts) == []


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_source_string_is_in_the_ts_file(ts, tmp_path):
    area = ts.stem.rsplit("_", 2)[0] if ts.stem.count("_") > 1 else ts.stem.split("_")[0]
    files = ROOT / "i18n" / f"{area}.files"
    assert files.is_file(), f"{files.name} lists the sources of {ts.name}"
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    subprocess.run(lupdate_args(files, copy), cwd=ROOT, check=True, capture_output=True)
    assert unfinished(copy) == [], "run 'uv run python i18n/update.py' and translate the new strings"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_qm_is_up_to_date(ts, tmp_path):
    qm = ROOT / "kiosk" / "i18n" / f"{ts.stem}.qm"
    assert qm.is_file(), f"{qm.name} missing: run 'uv run python i18n/update.py --release'"
    fresh = tmp_path / qm.name
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == qm.read_bytes(), f"{qm.name} is stale: run 'uv run python i18n/update.py --release'"


def test_qt_own_strings_are_translated_too(qapp):
    from PySide6.QtCore import QCoreApplication

    from kiosk.ui.i18n import Translations

    t = Translations(qapp)
    try:
        t.set_language("zh_CN")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("WelcomePage", "Welcome") == "欢迎"
    finally:
        t.set_language("en")


def test_counts_read_naturally_in_both_languages(qapp):
    from kiosk.ui.i18n import Translations
    from kiosk.ui.messages import locked_message

    t = Translations(qapp)
    try:
        t.set_language("en")
        assert locked_message(0.5) == "PIN entry is paused for 1 second."
        assert locked_message(29.2) == "PIN entry is paused for 30 seconds."
        assert locked_message(600) == "PIN entry is paused for 10 minutes."
        t.set_language("zh_CN")
        assert locked_message(29.2) == "密码输入已暂停 30 秒。"
    finally:
        t.set_language("en")
