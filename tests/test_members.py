"""Member import (all rows or none) and PINs (argon2id, lockout with a growing delay)."""

from __future__ import annotations

import pytest

from kiosk.domain.members import Pins, hash_pin, import_members, lock_delay, parse_members_csv
from kiosk.errors import ImportValidationError, LockedOutError, PinError

HEAD = "member_no,display_name,birth_date,valid_until,card_id\n"


def test_valid_csv_imports_with_optional_fields(kiosk_app):
    n = import_members(kiosk_app.store, HEAD + "X1,Xu Li,,2031-01-01,\nX2,王小明,2010-02-03,2031-01-01,C9\n")
    assert n == 2
    m = kiosk_app.store.members.get("X2")
    assert m.display_name == "王小明" and m.birth_date == "2010-02-03" and m.card_id == "C9"
    assert kiosk_app.store.members.get("X1").card_id is None


def test_bad_rows_are_all_reported_and_nothing_imported(kiosk_app):
    before = kiosk_app.store.members.count()
    bad = HEAD + "X1,Ok,,2031-01-01,\nX2,,,2031-01-01,\nX3,Bad date,1990-13-01,2031-01-01,\nX1,Dup,,2031-01-01,\nX5,Few\n"
    with pytest.raises(ImportValidationError) as err:
        import_members(kiosk_app.store, bad)
    lines = [n for n, _ in err.value.row_errors]
    assert lines == [3, 4, 5, 6]
    assert "Nothing was imported" in str(err.value)
    assert kiosk_app.store.members.count() == before


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "header"),
        ("member_no,display_name,birth_date,valid_until,card_id\nX,Y,,2030-01-01,\n".encode("utf-16"), "not UTF-8"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ((HEAD + 'X1,"unterminated,,2030-01-01,\n').encode(), "fields"),
    ],
)
def test_malformed_files_give_clear_errors(data, fragment):
    with pytest.raises(ImportValidationError) as err:
        parse_members_csv(data)
    assert fragment in str(err.value)


def test_card_owned_by_another_member_is_refused(kiosk_app):
    with pytest.raises(ImportValidationError, match="already belongs"):
        import_members(kiosk_app.store, HEAD + "X9,New,,2031-01-01,CARD001\n")


def test_bom_is_accepted(kiosk_app):
    assert import_members(kiosk_app.store, ("\ufeff" + HEAD + "B1,Bom,,2031-01-01,\n").encode("utf-8")) == 1


def test_pin_hash_is_argon2id_and_pin_rules():
    assert hash_pin("1234").startswith("$argon2id$")
    for bad in ("12", "abcd", "123456789", ""):
        with pytest.raises(PinError):
            hash_pin(bad)


def test_pin_lockout_grows_and_survives_restart(kiosk_app):
    now = [1000.0]
    pins = Pins(kiosk_app.store, max_failures=3, lock_base_s=30, clock=lambda: now[0])
    assert pins.check("M001", "1234")
    for _ in range(3):
        assert not pins.check("M001", "0000")
    with pytest.raises(LockedOutError) as err:
        pins.check("M001", "1234")  # even the right PIN waits
    assert 29 <= err.value.seconds_left <= 30
    now[0] += 31
    assert not pins.check("M001", "9999")  # 4th failure: 60 s
    assert 59 <= Pins(kiosk_app.store, 3, 30, clock=lambda: now[0]).seconds_locked("M001") <= 60
    now[0] += 61
    assert pins.check("M001", "1234")
    assert pins.seconds_locked("M001") == 0
    assert [r.event for r in kiosk_app.store.audit.records(event="pin_locked")] == ["pin_locked"] * 2


def test_ten_wrong_pins_lock_without_losing_anything(kiosk_app):
    now = [0.0]
    pins = Pins(kiosk_app.store, max_failures=5, lock_base_s=30, clock=lambda: now[0])
    for _ in range(10):
        try:
            pins.check("M002", "0000")
        except LockedOutError:
            now[0] += 10_000
    assert kiosk_app.store.members.get("M002").has_pin
    now[0] += 10**6
    assert pins.check("M002", "1234")


def test_lock_delay_doubles():
    assert [lock_delay(n, 5, 30) for n in (4, 5, 6, 7)] == [0, 30, 60, 120]
