"""The audit trail on screen: translated sentences in local time, a detail view with every
stored field; the export keeps the raw event codes and JSON detail."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kiosk.audit_events import AuditEvent
from kiosk.domain.alerts import AlertKind, raise_alert
from kiosk.store.repos import AuditRecord
from kiosk.ui.pages.staff.audit import local_since
from kiosk.ui.pages.staff.audit_text import AuditText
from tests.test_localtime import shanghai  # noqa: F401
from tests.test_ui_staff import ADMIN, TIMEOUT, area, click, enter, login, staff, window  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
_APPEND = re.compile(r'audit\.append\(\s*((?:(?:"[a-z_]+"|AuditEvent\.[A-Z_]+)(?:\s+if\s+[\w.]+\s+else\s+)?)+)')


def written_events() -> tuple[set[str], set[str]]:
    """The events written as AuditEvent members, and any still written as a bare string."""
    typed, bare = set(), set()
    for path in (ROOT / "kiosk").rglob("*.py"):
        for group in _APPEND.findall(path.read_text(encoding="utf-8")):
            typed.update(AuditEvent[n].value for n in re.findall(r"AuditEvent\.([A-Z_]+)", group))
            bare.update(re.findall(r'"([a-z_]+)"', group))
    return typed, bare


def test_every_event_the_kiosk_writes_reads_as_a_sentence(qapp):
    typed, bare = written_events()
    assert {"verify", "enrolled", "alert_raised", "member_deactivated"} <= typed
    assert bare <= set(AuditEvent), f"name {sorted(bare - set(AuditEvent))} in kiosk/audit_events.py"
    missing = set(AuditEvent) - AuditText().events
    assert not missing, f"add a sentence for {sorted(missing)} in kiosk/ui/pages/staff/audit_text.py"


def test_every_audit_event_has_its_name_in_both_languages(qapp):
    from kiosk.ui.i18n import Translations

    t = Translations(qapp)
    try:
        for event in AuditEvent:
            t.set_language("en")
            en = AuditText().event_name(event)
            assert en and not re.search(r"[\u4e00-\u9fff]", en), (event, en)
            t.set_language("zh_CN")
            zh = AuditText().event_name(event)
            assert re.search(r"[\u4e00-\u9fff]", zh), (event, zh)
    finally:
        t.set_language("en")


def rec(event, subject=None, actor="visitor", **detail):
    return AuditRecord(7, "2026-11-20T09:30:00+00:00", event, actor, subject, detail, "0" * 64, "a" * 64)


def test_sentences_and_details(qapp, shanghai):
    words = AuditText()
    assert words.sentence(rec("verify", "M001", method="pin", outcome="pass")) == "Member M001 checked in with PIN."
    assert words.sentence(rec("verify", "M001", method="face", outcome="fail")) == "Member M001: the face check failed."
    assert words.sentence(rec("purge", count=2)).startswith("Retention purge: 2 face template")
    assert words.sentence(rec("alert_raised", "M002", kind="pin_locked", alert=3)) == \
        "Alert for staff: PIN locked (member M002)."
    assert words.sentence(rec("something_new", x=1)) == 'Event "something_new" (see the details).'
    assert words.sentence(rec("pin_locked", "M1", seconds="odd")) == 'Event "pin_locked" (see the details).'
    detail = words.details(rec("gate_failed", actor="visitor", mode="http", method="pin", reason="HTTP 500"))
    assert "The gate did not open (HTTP): HTTP 500" in detail
    assert "Time: 2026-11-20 17:30:00 CST (stored as 2026-11-20T09:30:00+00:00)" in detail
    assert "Event: gate failed (code gate_failed)" in detail  # in words, the code beside them
    assert "Reason: HTTP 500" in detail and "How: PIN" in detail and "Output: HTTP" in detail
    assert "By: visitor" in detail and "method:" not in detail


def test_a_typed_date_means_local_midnight(shanghai):
    assert local_since("2026-11-20") == "2026-11-20T00:00:00+08:00"
    assert local_since("2026-11-20T09:30:00+00:00") == "2026-11-20T09:30:00+00:00"


def test_audit_screen_in_chinese_with_details_and_a_raw_export(qtbot, window, kiosk_app, tmp_path):
    raise_alert(kiosk_app.store, AlertKind.HELP_REQUESTED, member_no="M003")
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("audit")
    v = a.screens["audit"]
    qtbot.waitUntil(lambda: v.total > 0 and v.table.rowCount() > 0, timeout=TIMEOUT)
    assert v.table.columnCount() == 4
    texts = [v.table.item(r, 2).text() for r in range(v.table.rowCount())]
    assert "A visitor (member M003) asked for staff." not in texts  # raised as an alert, not the old event
    assert "Alert for staff: a visitor asks for help (member M003)." in texts
    assert "New PIN set for member M001." in texts
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "为会员 M001 设置了新密码。" in
                    [v.table.item(r, 2).text() for r in range(v.table.rowCount())], timeout=TIMEOUT)
    actors = {v.table.item(r, 3).text() for r in range(v.table.rowCount())}
    assert "visitor" not in actors and "cli" not in actors and "system" not in actors  # all in Chinese
    v.table.selectRow(0)
    assert v.detail.text().startswith(v.table.item(0, 2).text())
    assert "login" in v.detail.text() or "staff_login" in v.detail.text()  # the newest: this sign-in
    window.set_language("en")
    v.path.edit.setText(str(tmp_path / "trail.json"))
    click(qtbot, v.json_button)
    qtbot.waitUntil(lambda: (tmp_path / "trail.json").exists(), timeout=TIMEOUT)
    exported = json.loads((tmp_path / "trail.json").read_text())
    records = exported["records"]
    assert {"pin_set", "alert_raised"} <= {r["event"] for r in records}
    raised = next(r for r in records if r["event"] == "alert_raised")
    assert json.loads(raised["detail"])["kind"] == "help_requested"  # the raw detail, not a sentence
