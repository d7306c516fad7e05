"""Faults found under attack: each bad input or file gives one clear line, never a traceback,
and never damages the kiosk's own files."""

from __future__ import annotations

import os
import stat

import pytest

from kiosk.config import Paths
from kiosk.errors import KioskError
from kiosk.store.db import open_store


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture
def kiosk_cli(capsys):
    from kiosk.cli import main

    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def initialised(data_dir):
    open_store(Paths(data_dir), create=True).close()
    return data_dir


@pytest.mark.parametrize("kind", ["directory", "dev_zero"])
def test_a_key_file_that_is_not_a_file_is_one_clear_line(initialised, tmp_path, kind, kiosk_cli):
    key = tmp_path / "keydir" if kind == "directory" else "/dev/zero"
    if kind == "directory":
        key.mkdir()
    r = kiosk_cli("audit", "verify", "--data-dir", str(initialised), "--key-file", str(key))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "not a regular file" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_readable_key_and_database_are_tightened_and_said_so(initialised, caplog):
    for name in ("kiosk.key", "kiosk.db"):
        os.chmod(initialised / name, 0o644)
    with caplog.at_level("WARNING"):
        open_store(Paths(initialised)).close()
    for name in ("kiosk.key", "kiosk.db"):
        assert stat.S_IMODE((initialised / name).stat().st_mode) == 0o600
    assert sum("readable by other users" in r.getMessage() for r in caplog.records) == 2


@pytest.mark.parametrize("command", [["backup"], ["audit", "export", "--format", "csv", "--out"],
                                     ["report", "filing", "--out"]])
@pytest.mark.parametrize("own", ["kiosk.key", "kiosk.db", "kiosk.db-wal"])
def test_outputs_never_overwrite_the_database_or_key(initialised, command, own, kiosk_cli):
    before = {p.name: p.read_bytes() for p in initialised.iterdir() if p.is_file()}
    r = kiosk_cli(*command, str(initialised / own), "--data-dir", str(initialised))
    assert r.returncode == 2 and "own database or key" in r.stderr and "Traceback" not in r.stderr
    for name, data in before.items():
        if name != "kiosk.db-wal":
            assert (initialised / name).read_bytes() == data, name


def test_backup_part_file_is_private_whatever_the_umask(kiosk_app, tmp_path, monkeypatch):
    seen = []
    real_fdopen = os.fdopen

    def spy(fd, *a, **kw):
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *a, **kw)

    old = os.umask(0)
    try:
        monkeypatch.setattr(os, "fdopen", spy)
        from kiosk.maintenance import backup

        backup(kiosk_app, tmp_path / "b.db")
    finally:
        os.umask(old)
    assert seen and all(m == 0o600 for m in seen)
    assert stat.S_IMODE((tmp_path / "b.db").stat().st_mode) == 0o600


def test_store_refuses_its_own_files_as_output(kiosk_app):
    with pytest.raises(KioskError):
        kiosk_app.store.refuse_own_files(kiosk_app.paths.db)


HEADER = "member_no,display_name,birth_date,valid_until,card_id\n"


@pytest.mark.parametrize("row", ["\x00M1,Nul,,2030-01-01,", "M1,Bell\x07,,2030-01-01,", "M1,Esc\x1b[2J,,2030-01-01,",
                                 'M1,"Two\nlines",,2030-01-01,', "M1,Ok,,2030-01-01,C\x00D"])
def test_control_characters_in_a_member_list_are_refused_by_row(kiosk_app, row):
    from kiosk import ops
    from kiosk.errors import ImportValidationError

    with pytest.raises(ImportValidationError) as info:
        ops.import_members(kiosk_app, ops.Actor.cli(), (HEADER + row + "\n").encode())
    assert "control character" in str(info.value)
    assert kiosk_app.store.members.get("M1") is None


def test_a_member_list_that_is_a_device_is_one_clear_line(data_dir, kiosk_cli):
    kiosk_cli("init", "--data-dir", str(data_dir))
    r = kiosk_cli("members", "import", "/dev/zero", "--data-dir", str(data_dir))
    assert r.returncode == 2 and "not a regular file" in r.stderr and "Traceback" not in r.stderr


def _png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("content", [b"", b"not an image at all", _png_header(10_000, 10_000),
                                     _png_header(60_000, 60_000)])
def test_bad_photos_are_one_clear_line_before_decoding(initialised, tmp_path, kiosk_cli, content):
    photo = tmp_path / "photo.png"
    photo.write_bytes(content)
    r = kiosk_cli("verify", "M1", str(photo), "--data-dir", str(initialised))
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "photo.png" in r.stderr


def test_a_decompression_bomb_is_refused_by_its_header():
    from kiosk.camera.still import MAX_PIXELS, image_dimensions

    w, h = image_dimensions(_png_header(10_000, 10_000), "bomb.png")
    assert w * h > MAX_PIXELS


@pytest.mark.parametrize("change", [{"pin_max_failures": 0}, {"pin_max_failures": 10**9}, {"pin_lock_base_s": 0},
                                    {"pin_max_failures": "5"}, {"face_retries": 0}, {"operator_name": "x" * 10_000},
                                    {"gate_url": "http://" + "a" * 1000}, {"public_place": 1}])
def test_settings_cannot_switch_off_the_pin_lockout_or_hold_huge_texts(kiosk_app, change):
    import dataclasses

    from kiosk import ops
    from kiosk.errors import ConfigError

    with pytest.raises(ConfigError):
        ops.save_settings(kiosk_app, ops.Actor.cli(), dataclasses.replace(kiosk_app.settings, **change))
    assert kiosk_app.store.settings.load() == kiosk_app.settings


def test_a_pin_check_takes_as_long_without_a_pin(kiosk_app, monkeypatch):
    """Whether a member has a PIN must not show in the answer's speed: the same argon2 work runs."""
    import kiosk.domain.members as members

    calls = []
    real = members._hasher

    class Spy:
        def hash(self, pin):
            return real.hash(pin)

        def verify(self, h, pin):
            calls.append(h)
            return real.verify(h, pin)

    monkeypatch.setattr(members, "_hasher", Spy())
    with kiosk_app.store.transaction() as c:
        c.execute("UPDATE members SET pin_hash = NULL WHERE member_no = 'M002'")
    assert kiosk_app.pins.check("M002", "1234") is False
    assert kiosk_app.pins.check("M001", "0000") is False
    assert len(calls) == 2


def test_wrong_pins_across_members_pause_pin_entry_kiosk_wide(kiosk_app):
    from kiosk import ops

    k = kiosk_app
    k.store.members.upsert_many([{"member_no": f"X{i}", "display_name": "X", "birth_date": None,
                                  "valid_until": "2030-01-01", "card_id": None} for i in range(10)])
    limit = k.pins.KIOSK_FAILURES_PER_MEMBER_LIMIT * k.pins.max_failures
    outcomes = []
    for i in range(limit):
        member = f"X{i % 10}"  # never enough tries on one member for its own lockout
        outcomes.append(ops.verify_by_pin(k, ops.Actor.visitor(member), member, "0000"))
    assert outcomes[-1].seconds_locked > 0
    right = ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "1234")
    assert right.outcome is ops.PinOutcome.LOCKED  # even the right PIN waits
    assert list(k.store.audit.records(event="pin_paused"))


def test_face_failures_are_throttled_across_sessions_and_restarts(kiosk_app):
    from kiosk import ops
    from kiosk.app import create
    from tests.ui_helpers import enroll_fake_face

    k = kiosk_app
    enroll_fake_face(k, "M001")
    visitor = ops.Actor.visitor("M001")
    for _ in range(2 * k.settings.face_retries):
        ops.record_face_attempt(k, visitor, "M001", False)
    assert k.faces.face_paused("M001") > 0 and not k.faces.can_verify("M001")
    k.close()
    again = create(k.paths.data_dir, engine=k.engine)
    try:
        assert ops.lookup_claim(again, ops.Actor.visitor(None), "M001").face_available is False
        assert again.faces.face_paused("M001") > 0
    finally:
        again.close()


def test_the_face_step_needs_its_guard():
    from kiosk.domain.session import Event, SessionMachine, State

    m = SessionMachine()
    m.force(State.METHOD, member_no="M001", face_available=False)
    assert m.fire(Event.CHOOSE_FACE) is State.METHOD
    m.force(State.PIN_LOCKED, member_no="M001", face_available=True, face_attempts=3)
    assert m.fire(Event.CHOOSE_FACE) is State.METHOD
    m.force(State.METHOD, member_no="M001", face_available=True)
    assert m.fire(Event.CHOOSE_FACE) is State.FACE


def test_a_member_number_never_reaches_another_members_card(kiosk_app):
    from kiosk import ops
    from kiosk.errors import ImportValidationError

    with pytest.raises(ImportValidationError, match="member number of another member"):
        ops.import_members(kiosk_app, ops.Actor.cli(), (HEADER + "M009,Nine,,2030-01-01,M001\n").encode())
    with kiosk_app.store.transaction() as c:  # data from before the rule
        c.execute("UPDATE members SET card_id = 'M001' WHERE member_no = 'M002'")
    with pytest.raises(KioskError, match="two members"):
        ops.lookup_claim(kiosk_app, ops.Actor.visitor(None), "M001")


def test_a_damaged_page_is_one_clear_line(kiosk_app, kiosk_cli):
    d = kiosk_app.paths.data_dir
    kiosk_app.store.members.upsert_many([{"member_no": f"Z{i}", "display_name": f"Member {i}" * 5, "birth_date": None,
                                          "valid_until": "2030-01-01", "card_id": None} for i in range(3000)])
    kiosk_app.close()
    db = d / "kiosk.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 40 * 4096
    for page in range(len(data) // 4096 // 2, len(data) // 4096):  # the later half of the pages
        data[page * 4096 + 100] ^= 0xFF
    db.write_bytes(bytes(data))
    r = kiosk_cli("members", "list", "--limit", "5000", "--data-dir", str(d))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "damaged" in r.stderr and len(r.stderr.strip().splitlines()) == 1
