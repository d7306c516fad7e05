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


def _big_list(n, renamed=()):
    return HEAD + "".join(f"N{i:05d},{'Renamed' if i in renamed else 'Person'} {i},,2031-01-01,C{i:06d}\n" for i in range(n))


def test_an_import_reads_and_compares_the_file_without_holding_the_store(kiosk_app, monkeypatch):
    """A face check or a check-in at the gate never waits for the reading of a large list: while
    the file is read and compared with the stored members, another thread takes the store."""
    import threading

    from kiosk import ops
    from kiosk.domain import members as domain

    k = kiosk_app
    free_while = []

    def store_is_free() -> bool:
        got = []
        t = threading.Thread(target=lambda: got.append(k.store.lock.acquire(timeout=0)) or (got[0] and k.store.lock.release()))
        t.start()
        t.join()
        return got[0]

    for name in ("read_members", "plan_import"):
        real = getattr(domain, name)

        def watched(*a, _real=real, _name=name):
            free_while.append((_name, store_is_free()))
            return _real(*a)
        monkeypatch.setattr(domain, name, watched)
    assert ops.import_members(k, ops.Actor.cli(), _big_list(300)).count == 300
    assert free_while == [("read_members", True), ("plan_import", True)]
    assert k.store.members.get("N00299").card_id == "C000299"


def test_a_second_import_writes_only_what_changed_and_a_concurrent_change_is_not_lost(kiosk_app, monkeypatch):
    from kiosk import ops

    k = kiosk_app
    ops.import_members(k, ops.Actor.cli(), _big_list(200))
    changes = k.store.conn.total_changes
    assert ops.import_members(k, ops.Actor.cli(), _big_list(200, renamed={7, 8})).count == 200
    assert k.store.conn.total_changes - changes <= 2 + 5  # the two renamed rows and the audit record's few rows
    assert k.store.members.get("N00007").display_name == "Renamed 7"
    # a change committed between the snapshot and the import's transaction: the plan is dropped
    # and every row is written, so the import's values hold
    real = k.store.read_snapshot

    def snapshot_then_change(read):
        got = real(read)
        with k.store.transaction() as c:
            c.execute("UPDATE members SET display_name = 'Edited elsewhere' WHERE member_no = 'N00009'")
        return got
    monkeypatch.setattr(k.store, "read_snapshot", snapshot_then_change)
    ops.import_members(k, ops.Actor.cli(), _big_list(200, renamed={7, 8}))
    assert k.store.members.get("N00009").display_name == "Person 9"
    assert [r.detail["count"] for r in k.store.audit.records(event="members_imported")][-3:] == [200, 200, 200]


def test_a_pin_check_hashes_without_holding_the_store_and_counts_on_the_state_as_it_is_then(kiosk_app, monkeypatch):
    """argon2 is the slow part of a PIN check (a second on a busy machine). It runs with no lock
    of the store held, so the screens and the exchange with the site never wait behind it. What
    counts is the state when the try is settled: a lockout set meanwhile (another try, or
    failures at other gates) refuses even the right PIN, and a PIN changed meanwhile is
    checked afresh."""
    import threading

    from kiosk import ops
    from kiosk.domain import members as domain

    k = kiosk_app
    free_while, during = [], []
    real = domain.pin_matches

    def watched(pin_hash, pin):
        got = []
        t = threading.Thread(target=lambda: got.append(k.store.lock.acquire(timeout=0)) or (got[0] and k.store.lock.release()))
        t.start()
        t.join()
        free_while.append(got[0])
        for act in during:
            act()
        during.clear()
        return real(pin_hash, pin)

    monkeypatch.setattr(domain, "pin_matches", watched)
    assert ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "1234").accepted
    assert free_while == [True]

    # locked while the right PIN was being hashed: refused, and the lockout stands
    during.append(lambda: k.store.members.set_pin_state("M001", failures=5, locked_until=10**12))
    result = ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "1234")
    assert result.outcome is ops.PinOutcome.LOCKED and not result.accepted
    k.store.members.set_pin_state("M001", failures=0, locked_until=0)

    # the PIN was changed while the old one was being hashed: the new PIN decides
    during.append(lambda: Pins(k.store).set("M001", "8642"))
    assert not ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "1234").accepted
    assert k.store.members.pin_state("M001")[1] == 1  # one failure counted, against the new PIN
    assert ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "8642").accepted


def test_pin_guesses_fired_at_once_from_many_threads_get_no_more_tries_than_one_after_another(kiosk_app):
    """An attacker who sends PIN guesses in parallel (the hash now runs outside the store's
    lock) gains nothing: each guess is counted when it settles, on the state as it is then, so
    the member locks at the limit, the guesses beyond it are refused unchecked, and then even
    the right PIN is refused."""
    import threading

    from kiosk import ops

    k = kiosk_app
    limit = k.pins.max_failures
    results: list = []
    start = threading.Barrier(limit + 3)

    def guess() -> None:
        start.wait()
        results.append(ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "0000").outcome)

    threads = [threading.Thread(target=guess) for _ in range(limit + 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.value for o in results) == sorted([ops.PinOutcome.WRONG.value] * limit
                                                      + [ops.PinOutcome.LOCKED.value] * 3)
    assert k.store.members.pin_state("M001")[1] == limit and k.pins.seconds_locked("M001") > 0
    assert ops.verify_by_pin(k, ops.Actor.visitor("M001"), "M001", "1234").outcome is ops.PinOutcome.LOCKED
