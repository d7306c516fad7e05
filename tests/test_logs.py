"""kiosk.log: written to the data folder by the kiosk and its commands, private (0600), rotated,
and free of personal data. Real operations run, then the log is scanned for what they handled."""

from __future__ import annotations

import logging
import re
import stat

from kiosk import logs
from kiosk.cli import main
from kiosk.domain.proofs import ProofMethod

NAME, NUMBER, CARD, PIN = "Wanda Secretname", "Q7731", "CARD99112", "918273"
STAFF, STAFF_PIN = "Olga Staffname", "564738"
SECRETS = (NAME, "Secretname", NUMBER, CARD, PIN, STAFF, "Staffname", STAFF_PIN, "1980-05-01")
TEMPLATE_LIKE = re.compile(r"(-?\d\.\d{3,}[,\s]+){6}")  # a run of a template's numbers


def cli(capsys, *args):
    code = main([str(a) for a in args])
    capsys.readouterr()
    return code


def log_text(data_dir) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(data_dir.glob("kiosk.log*")))


def test_real_operations_leave_a_private_log_without_personal_data(tmp_path, capsys):
    from kiosk import ops
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine, draw_face
    from tests.ui_helpers import enroll_encodings

    d = tmp_path / "data"
    members = tmp_path / "members.csv"
    members.write_text("member_no,display_name,birth_date,valid_until,card_id\n"
                       f"{NUMBER},{NAME},1980-05-01,2030-12-31,{CARD}\n")
    assert cli(capsys, "init", "--data-dir", d) == 0
    assert cli(capsys, "members", "import", members, "--data-dir", d) == 0
    assert cli(capsys, "members", "set-pin", NUMBER, "--pin", PIN, "--data-dir", d) == 0
    assert cli(capsys, "staff", "add", STAFF, "--role", "administrator", "--pin", STAFF_PIN, "--data-dir", d) == 0
    assert cli(capsys, "members", "set-pin", "NOBODY", "--pin", PIN, "--data-dir", d) != 0  # an error, too
    (d / "kiosk.key").chmod(0o644)  # a warning with a path in it
    assert cli(capsys, "audit", "verify", "--data-dir", d) == 0

    handler = logs.attach(d / "kiosk.log")  # what the kiosk does at start-up
    try:
        k = create(d, engine=FakeEngine())
        try:
            visitor = ops.Actor.visitor(NUMBER)
            for _ in range(6):  # wrong PINs until the lockout raises an alert for staff
                ops.verify_by_pin(k, visitor, NUMBER, "000000")
            k.store.members.set_pin_state(NUMBER, failures=0, locked_until=0)
            assert ops.verify_by_pin(k, visitor, NUMBER, PIN).accepted
            enroll_encodings(k, NUMBER, [k.faces.encode_still(draw_face(60))])
            ops.forget_face(k, visitor, NUMBER, proof=k.proofs.issue(NUMBER, ProofMethod.PIN))
            ops.run_gate_test(k, ops.Actor.cli(STAFF))
        finally:
            k.close()
    finally:
        logs.detach(handler)

    text = log_text(d)
    assert "kiosk members" in text and "readable by other users" in text and "alert" in text and "gate test" in text
    for secret in SECRETS:
        assert secret not in text, secret
    assert not TEMPLATE_LIKE.search(text)
    assert stat.S_IMODE((d / "kiosk.log").stat().st_mode) == 0o600


def test_the_log_rotates_and_stays_private(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    handler = logs.attach(tmp_path / "kiosk.log")
    try:
        for i in range(200):
            logging.getLogger("kiosk.test").info("line %d of a long day", i)
    finally:
        logs.detach(handler)
    files = sorted(p.name for p in tmp_path.glob("kiosk.log*"))
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.3"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in tmp_path.glob("kiosk.log*"))
    assert "line 199 of a long day" in (tmp_path / "kiosk.log").read_text()


def test_no_log_file_and_no_folder_before_init(tmp_path, capsys):
    d = tmp_path / "nothing-here"
    assert cli(capsys, "audit", "verify", "--data-dir", d) == 2
    assert not d.exists()
