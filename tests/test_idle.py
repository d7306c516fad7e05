"""Inactivity (Qt-free): a question with a countdown before any wipe, longer limits on
reading screens, nothing while the camera guides a face, no limit on the result screen."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from kiosk.domain.idle import IdleLimits, IdleWatch, Phase
from kiosk.domain.session import State
from kiosk.errors import ConfigError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def watch(clock):
    return IdleWatch(IdleLimits(normal_s=30, reading_s=120, prompt_s=20), clock)


def test_asks_before_it_wipes_and_counts_down(watch, clock):
    watch.enter(State.PIN)
    clock.now += 29
    assert watch.check() .phase is Phase.ACTIVE
    clock.now += 1
    status = watch.check()
    assert (status.phase, status.seconds_left) == (Phase.ASKING, 20)
    clock.now += 15
    assert watch.check().seconds_left == 5
    clock.now += 5
    assert watch.check().phase is Phase.EXPIRED


def test_a_late_check_still_asks_first(watch, clock):
    """A check that comes long after the limit (the screen was too busy to look) asks with
    the whole countdown; it never wipes the visit unasked."""
    watch.enter(State.PIN)
    clock.now += 300  # past the limit and the countdown together
    status = watch.check()
    assert (status.phase, status.seconds_left) == (Phase.ASKING, 20)
    clock.now += 19
    assert watch.check().phase is Phase.ASKING
    clock.now += 1
    assert watch.check().phase is Phase.EXPIRED


def test_an_answer_keeps_the_visit(watch, clock):
    watch.enter(State.METHOD)
    clock.now += 40
    assert watch.check().phase is Phase.ASKING
    watch.touch()  # "Yes, I'm still here"
    assert watch.check().phase is Phase.ACTIVE
    clock.now += 29
    assert watch.check().phase is Phase.ACTIVE


@pytest.mark.parametrize("state", [State.NOTICE, State.CONSENT, State.MY_DATA, State.GUARDIAN, State.AGE])
def test_reading_screens_get_the_longer_limit(watch, clock, state):
    watch.enter(state)
    clock.now += 100
    assert watch.check().phase is Phase.ACTIVE
    clock.now += 20
    assert watch.check().phase is Phase.ASKING


def test_never_while_the_camera_guides_a_face(watch, clock):
    watch.enter(State.FACE)
    for _ in range(10):
        clock.now += 30
        assert watch.check(guiding=True).phase is Phase.OFF
    # the camera stopped (e.g. set-up refused a face): the full limit from then on
    clock.now += 29
    assert watch.check().phase is Phase.ACTIVE


@pytest.mark.parametrize("state", [State.WELCOME, State.STAFF, State.PASSED])
def test_no_visitor_limit_where_there_is_nobody_or_a_countdown_of_its_own(watch, clock, state):
    watch.enter(state)
    clock.now += 10_000
    assert watch.check().phase is Phase.OFF


def test_limits_come_from_bounded_settings():
    s = Settings()
    assert IdleLimits.from_settings(s) == IdleLimits(30.0, 120.0, 20.0)
    with pytest.raises(ConfigError, match="still_there_s"):
        s.replace(still_there_s=2)
    with pytest.raises(ConfigError, match="reading_inactivity_s"):
        s.replace(reading_inactivity_s=10)
    # a longer normal limit set by staff also lengthens the reading screens' limit
    assert IdleLimits.from_settings(s.replace(inactivity_s=300)).reading_s == 300.0
