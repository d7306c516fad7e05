"""Liveness on the command line and for staff: `kiosk verify MEMBER --camera SOURCE` runs the
live pipeline with liveness; `kiosk verify MEMBER PHOTO` and `kiosk enroll` say that liveness
was not checked; refusals reach the audit trail, the alerts and the dashboard."""

from __future__ import annotations

import json

from liveness_helpers import shared

from kiosk.cli import main
from kiosk.domain.alerts import AlertKind, open_alerts
from kiosk.liveness.record import record_refusal
from kiosk.ops.dashboard import snapshot

CSV = "member_no,display_name,birth_date,valid_until,card_id\nA1,Person A,1961-08-04,2030-12-31,CA1\n"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_refusals_are_audited_alerted_and_counted_without_biometric_data(kiosk_app):
    record_refusal(kiosk_app.store, "M001", "verify", "timeout")
    record_refusal(kiosk_app.store, "M001", "enroll", "passive")
    recs = list(kiosk_app.store.audit.records(event="liveness_refused"))
    assert [(r.subject, r.detail) for r in recs] == [("M001", {"flow": "verify", "reason": "timeout"}),
                                                     ("M001", {"flow": "enroll", "reason": "passive"})]
    [alert] = [a for a in open_alerts(kiosk_app.store) if a.kind is AlertKind.LIVENESS_REFUSED]
    assert alert.member_no == "M001" and alert.repeats == 2
    s = snapshot(kiosk_app, verify_chain=False)
    assert s.liveness == "both" and s.liveness_refusals_24h == 2 and not any("liveness" in w for w in s.warnings)


def test_dashboard_warns_when_liveness_is_off(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(liveness="off"), "test")
    assert any("liveness check is off" in w for w in snapshot(kiosk_app, verify_chain=False).warnings)
    [rec] = [r for r in kiosk_app.store.audit.records(event="setting_changed") if r.subject == "liveness"]
    assert (rec.detail["old"], rec.detail["new"]) == ("both", "off")  # changes are audited


def test_cli_photo_paths_say_liveness_was_not_checked_and_the_live_path_refuses_a_photo(tmp_path, capsys):
    faces = shared("faces")
    d, csv = tmp_path / "data", tmp_path / "members.csv"
    csv.write_text(CSV, encoding="utf-8")
    assert run(capsys, "init", "--data-dir", d)[0] == 0
    assert run(capsys, "members", "import", csv, "--data-dir", d)[0] == 0
    code, out, err = run(capsys, "enroll", "A1", faces / "obama.jpg", "--consent-given", "--data-dir", d)
    assert code == 0 and "Liveness was not checked" in out, err
    code, out, err = run(capsys, "verify", "A1", faces / "obama1.jpg", "--data-dir", d)
    assert (code, out) == (0, "match\n") and "liveness was not checked" in err
    assert run(capsys, "settings", "set", "liveness_challenge_s", "4", "--data-dir", d)[0] == 0
    code, out, err = run(capsys, "verify", "A1", "--camera", faces / "obama1.jpg", "--json", "--data-dir", d)
    result = json.loads(out)
    assert code == 1 and result["outcome"] == "liveness_failed" and result["liveness"] == "both", err
    from kiosk.app import create

    with create(d) as k:
        assert [r.detail["liveness"] for r in k.store.audit.records(event="enrolled")] == ["not_checked"]
        assert [r.detail["reason"] for r in k.store.audit.records(event="liveness_refused")] == [result["refusal"]]


def test_the_command_line_says_nothing_about_the_match_before_liveness_has_passed(tmp_path):
    """`kiosk verify --camera`, a real process, on a photo of the member and on a photo of
    someone else: the same prompts, the same refusal; the match is never told."""
    import subprocess
    import sys

    faces = shared("faces")
    d, csv = tmp_path / "data", tmp_path / "members.csv"
    csv.write_text(CSV, encoding="utf-8")

    def kiosk(*argv):
        return subprocess.run([sys.executable, "-m", "kiosk", *map(str, argv), "--data-dir", str(d)],
                              capture_output=True, text=True, timeout=300)

    assert kiosk("init").returncode == 0
    assert kiosk("members", "import", csv).returncode == 0
    assert kiosk("enroll", "A1", faces / "obama.jpg", "--consent-given").returncode == 0
    assert kiosk("settings", "set", "liveness", "challenge").returncode == 0
    assert kiosk("settings", "set", "liveness_challenge_s", "4").returncode == 0
    runs = {photo: kiosk("verify", "A1", "--camera", faces / photo) for photo in ("obama1.jpg", "biden.jpg")}
    for photo, p in runs.items():
        assert p.returncode == 1, p.stderr
        prompts = [line for line in p.stderr.splitlines() if line.startswith("challenge ")]
        assert prompts == ["challenge 1/5: " + prompts[0].split(": ", 1)[1]]  # a still photo never gets past step 1
        assert "(within 4 s)" in prompts[0]
        assert p.stdout.startswith("liveness failed: the liveness check did not succeed (timeout)"), (photo, p.stdout)
        assert "match" not in (p.stderr + p.stdout).replace("liveness", "")
