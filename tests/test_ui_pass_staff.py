"""Staff carry the face-pass revocation list between kiosks from the Reports screen."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.errors import PassRefusedError
from tests.test_ui_staff import ADMIN, TIMEOUT, area, click, enter, login, staff, window  # noqa: F401


def test_revocation_list_export_and_import_on_the_reports_screen(qtbot, window, kiosk_app, tmp_path):
    passes = kiosk_app.passes
    code = passes.issue("M001", np.full(128, 0.04, np.float32), 3, "2030-01-01").code
    passes.revoke("member", "M001", "test")
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("reports")
    r = a.screens["reports"]
    out = tmp_path / "revocations.json"
    r.revocations_path.edit.setText(str(out))
    click(qtbot, r.revocations_export)
    qtbot.waitUntil(lambda: "saved" in r.message.text() and not a.ctx.waiting, timeout=TIMEOUT)  # busy: input waits
    assert out.is_file() and b"M001" in out.read_bytes() and b"template" not in out.read_bytes()
    # the same list back: nothing new; a file from elsewhere: one clear line
    click(qtbot, r.revocations_import)
    qtbot.waitUntil(lambda: "0 new" in r.message.text() and not a.ctx.waiting, timeout=TIMEOUT)
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    r.revocations_path.edit.setText(str(tmp_path / "bad.json"))
    assert r.revocations_import.isEnabled()
    r.revocations_import.click()  # a second synthetic tap on one spot can be taken by the page's touch scroller
    qtbot.waitUntil(lambda: "not a revocation list of this site" in r.message.text(), timeout=TIMEOUT)
    assert r.message.property("role") == "error" and "Nothing was imported" in r.message.text()
    with pytest.raises(PassRefusedError):  # the kiosk's own list is unchanged: the pass stays refused
        passes.open(code, "M001")
    assert [e.event for e in kiosk_app.store.audit.records(event="revocations_exported")]
    assert [e.detail for e in kiosk_app.store.audit.records(event="revocations_imported")] == [{"entries": 1, "new": 0}]
