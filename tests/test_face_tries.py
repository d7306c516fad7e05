"""Face tries are bounded per member whatever the route: the throttle rule, the stored count
of each member's failed face tries (no-match, refused liveness, timeout, abandoned), the
pause it starts, its audit records, and the operations that open and close a try."""

from __future__ import annotations

import pytest

from kiosk import ops
from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import draw_face
from kiosk.domain.face_tries import FaceTries, TryEnd, failure_reason
from kiosk.domain.throttle import Throttle
from kiosk.errors import FaceNotAllowedError, FacePausedError
from tests.ui_helpers import enroll_fake_face

VISITOR = ops.Actor.visitor("M001")


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def tries(k, clock: Clock) -> FaceTries:
    return FaceTries(k.store, lambda: k.settings, clock)


def long_pause(k) -> None:
    """Pauses on the wall clock that no slow test machine outlasts."""
    k.save_settings(k.settings.replace(pin_lock_base_s=3600), "test")


def counted(k) -> list[tuple[str | None, str]]:
    return [(r.subject, r.detail["reason"]) for r in k.store.audit.records(event="face_try_failed")]


# -- the throttle rule -------------------------------------------------------------------
def test_a_throttle_pauses_from_its_limit_on_for_a_doubling_delay(kiosk_app):
    clock = Clock()
    t = Throttle(kiosk_app.store, "test_throttle", limit=3, base_s=30, window_s=600, clock=clock)
    assert [t.failed(), t.failed()] == [0.0, 0.0] and t.seconds_locked() == 0
    assert t.failed() == 30 and t.seconds_locked() == 30 and t.failures() == 3
    clock.t += 30
    assert t.seconds_locked() == 0
    assert t.failed() == 60  # the next failure after a pause pauses twice as long
    clock.t += 60 + 600  # the window has passed: counting starts again
    assert t.failures() == 0 and t.failed() == 0.0 and t.failures() == 1
    t.reset()
    assert t.failures() == 0 and t.seconds_locked() == 0


def test_failure_reasons_are_the_audited_codes():
    assert [failure_reason(e) for e in (TryEnd.NO_MATCH, TryEnd.TIMEOUT, TryEnd.ABANDONED)] == \
        ["no_match", "timeout", "abandoned"]
    assert failure_reason(TryEnd.LIVENESS, "passive") == "liveness:passive"
    assert not TryEnd.MATCH.counted and not TryEnd.INTERRUPTED.counted
    assert all(e.counted for e in (TryEnd.NO_MATCH, TryEnd.LIVENESS, TryEnd.TIMEOUT, TryEnd.ABANDONED))


# -- the stored count of each member ---------------------------------------------------------
def test_every_failed_end_counts_against_the_member_and_a_match_clears_it(kiosk_app):
    k, clock = kiosk_app, Clock()
    ft = tries(k, clock)
    ends = [(TryEnd.NO_MATCH, None), (TryEnd.LIVENESS, "passive"), (TryEnd.TIMEOUT, None), (TryEnd.ABANDONED, None)]
    assert [ft.end("M001", e, r).failures for e, r in ends] == [1, 2, 3, 4]
    assert ft.end("M001", TryEnd.INTERRUPTED).failures == 4  # a failing camera is not the visitor's try
    assert counted(k) == [("M001", "no_match"), ("M001", "liveness:passive"), ("M001", "timeout"),
                          ("M001", "abandoned")]
    assert [r.detail["failures"] for r in k.store.audit.records(event="face_try_failed")] == [1, 2, 3, 4]
    assert ft.end("M002", TryEnd.NO_MATCH).failures == 1  # another member's count is their own
    assert ft.end("M001", TryEnd.MATCH).failures == 0


def test_the_pause_starts_at_the_limit_is_audited_and_holds_until_it_ends(kiosk_app):
    k, clock = kiosk_app, Clock()
    ft = tries(k, clock)
    limit = 2 * k.settings.face_retries
    results = [ft.end("M001", TryEnd.LIVENESS, "passive") for _ in range(limit)]
    assert [r.seconds_paused > 0 for r in results] == [False] * (limit - 1) + [True]
    [paused] = k.store.audit.records(event="face_paused")
    assert (paused.subject, paused.detail) == ("M001", {"seconds": k.settings.pin_lock_base_s, "failures": limit})
    assert ft.begin("M001") > 0 and not ft.is_open("M001")  # nothing opened while paused
    with pytest.raises(FacePausedError) as err:
        ft.refuse_if_paused("M001")
    assert err.value.member_no == "M001" and err.value.exit_status == 3
    assert isinstance(err.value, FaceNotAllowedError)  # callers that refuse face refuse this too
    assert ft.begin("M002") == 0  # another member is not paused
    clock.t += k.settings.pin_lock_base_s
    assert ft.begin("M001") == 0 and ft.is_open("M001")


def test_a_try_that_never_ended_counts_as_abandoned_when_the_next_one_begins(kiosk_app):
    k, clock = kiosk_app, Clock()
    ft = tries(k, clock)
    assert ft.begin("M001") == 0
    assert counted(k) == []
    assert ft.begin("M001") == 0  # the process was killed in between: nobody closed the first try
    assert counted(k) == [("M001", "abandoned")]
    ft.end("M001", TryEnd.NO_MATCH)
    assert not ft.is_open("M001")
    ft.begin("M001")
    ft.end("M001", TryEnd.MATCH)
    ft.begin("M001")
    assert counted(k) == [("M001", "abandoned"), ("M001", "no_match")]  # closed tries are not counted twice


def test_failures_across_members_pause_face_on_the_whole_kiosk(kiosk_app):
    k, clock = kiosk_app, Clock()
    ft = tries(k, clock)
    for i in range(10 * k.settings.face_retries):
        ft.end(f"X{i % 10}", TryEnd.ABANDONED)  # never enough on one member for its own pause
    [paused] = k.store.audit.records(event="face_paused")
    assert paused.subject is None and paused.detail["scope"] == "kiosk"
    with pytest.raises(FacePausedError) as err:
        ft.refuse_if_paused("M004")
    assert err.value.member_no is None and "on this kiosk" in str(err.value)


# -- operations ------------------------------------------------------------------------------
def test_a_refused_liveness_check_is_audited_alerted_and_counted_together(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k)
    ops.begin_face_try(k, VISITOR, "M001")
    result = ops.end_face_try(k, VISITOR, "M001", ops.FaceTryEnd.LIVENESS, "passive")
    assert (result.member_no, result.end, result.failures, result.seconds_paused) == \
        ("M001", ops.FaceTryEnd.LIVENESS, 1, 0.0)
    assert [r.detail for r in k.store.audit.records(event="liveness_refused")] == [{"flow": "verify", "reason": "passive"}]
    assert counted(k) == [("M001", "liveness:passive")]
    with pytest.raises(ValueError):
        ops.end_face_try(k, VISITOR, "M001", ops.FaceTryEnd.NO_MATCH)  # a verdict goes through record_face_attempt


def test_the_count_survives_a_new_claim_and_a_restart_and_the_pin_still_works(kiosk_app):
    long_pause(kiosk_app)
    from kiosk.app import create

    k = kiosk_app
    enroll_fake_face(k)
    ends = [ops.FaceTryEnd.LIVENESS, ops.FaceTryEnd.TIMEOUT, ops.FaceTryEnd.ABANDONED]
    for i in range(2 * k.settings.face_retries - 1):
        assert ops.lookup_claim(k, ops.Actor.visitor(None), "M001").face_available
        ops.begin_face_try(k, VISITOR, "M001")
        ops.end_face_try(k, VISITOR, "M001", ends[i % 3], "passive")
    ops.begin_face_try(k, VISITOR, "M001")
    k.close()  # the last try never ended: the kiosk stopped while the camera ran
    again = create(k.paths.data_dir, engine=k.engine)
    try:
        with pytest.raises(FacePausedError):
            ops.begin_face_try(again, VISITOR, "M001")
        assert counted(again)[-1] == ("M001", "abandoned")
        claim = ops.lookup_claim(again, ops.Actor.visitor(None), "M001")
        assert (claim.face_available, claim.face_paused) == (False, True)
        assert ops.verify_by_pin(again, VISITOR, "M001", "1234").outcome is ops.PinOutcome.ACCEPTED  # rule 11
    finally:
        again.close()


def test_a_no_match_reports_the_pause_it_starts(kiosk_app):
    long_pause(kiosk_app)
    k = kiosk_app
    enroll_fake_face(k)
    results = [ops.record_face_attempt(k, VISITOR, "M001", False) for _ in range(2 * k.settings.face_retries)]
    assert results[-1].seconds_paused > 0 and all(r.seconds_paused == 0 for r in results[:-1])
    assert [reason for _, reason in counted(k)] == ["no_match"] * len(results)


def test_photos_on_the_command_line_are_refused_while_paused_and_write_nothing(kiosk_app):
    long_pause(kiosk_app)
    k = kiosk_app
    enroll_fake_face(k)
    desk = ops.Actor.at_desk("M001")
    probe = k.faces.encode_still(draw_face(40))
    for _ in range(2 * k.settings.face_retries):
        ops.begin_face_try(k, desk, "M001")
        ops.end_face_try(k, desk, "M001", ops.FaceTryEnd.TIMEOUT)
    before = k.store.audit.count()
    with pytest.raises(FacePausedError):
        ops.verify_face(k, desk, "M001", probe)  # even the member's own face waits
    assert k.store.audit.count() == before


def test_pass_mode_is_keyed_by_member_number(kiosk_app):
    k = kiosk_app
    k.save_settings(k.settings.replace(template_storage="pass", operator_name="Zoo", operator_contact="desk",
                                       pin_lock_base_s=3600), "test")
    f = draw_face(40)
    enc = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    from kiosk.domain.consent import consent_given_in_person

    draft = consent_given_in_person(k, "M001", declared_14_or_older=True, method="test")
    code = ops.enroll_with_consent(k, ops.Actor.cli(), draft, [enc, enc, enc]).pass_code
    anyone = ops.Actor.visitor(None)
    assert ops.lookup_claim(k, anyone, code).face_available
    for _ in range(2 * k.settings.face_retries):
        ops.begin_face_try(k, VISITOR, "M001")
        ops.end_face_try(k, VISITOR, "M001", ops.FaceTryEnd.LIVENESS, "passive")
    claim = ops.lookup_claim(k, anyone, code)
    assert (claim.member_no, claim.face_available, claim.face_paused) == ("M001", False, True)
    with pytest.raises(FacePausedError):
        ops.verify_face(k, ops.Actor.at_desk("M001"), "M001", enc, pass_code=code)


def test_a_paused_member_is_never_led_to_the_face_step():
    from kiosk.domain.session import Claim, Event, SessionMachine, State, apply_claim

    m = SessionMachine(face_retries=3)
    m.fire(Event.START)
    apply_claim(m.session, Claim("M001", "Alice", True, False, face_available=False, face_setup_allowed=False,
                                 face_paused=True))
    m.fire(Event.CLAIMED)
    assert not m.session.can_use_face
    assert m.fire(Event.CHOOSE_FACE) is State.METHOD  # the guard keeps the choice screen
    assert m.fire(Event.CHOOSE_PIN) is State.PIN  # the PIN is offered as ever
    m.session.face_available, m.session.face_paused = True, False
    assert m.session.can_use_face
    m.session.face_paused = True  # a failed try in this visit started the pause
    m.fire(Event.BACK)
    assert m.fire(Event.CHOOSE_FACE) is State.METHOD
