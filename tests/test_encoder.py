"""The encoder child: request ids, kill and restart on a timeout, restart after a crash, health."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest

from kiosk.camera.encoder import EncoderState, ProcessEncoder
from kiosk.errors import EngineError
from tests.encoder_engine import ScriptedEngine

BOX = (10, 30, 30, 10)


def frame(value: int) -> np.ndarray:
    return np.full((40, 40, 3), value, np.uint8)


@pytest.fixture
def encoder():
    enc = ProcessEncoder(ScriptedEngine, encode_timeout_s=1.0).start()
    enc.wait_ready()
    yield enc
    enc.close()


def test_after_a_timeout_the_next_face_gets_its_own_answer(encoder):
    assert encoder.encode(frame(10), BOX)[0] == 10
    with pytest.raises(EngineError, match="did not answer"):
        encoder.encode(frame(200), BOX)  # the slow request is abandoned; its child is killed
    assert encoder.health().state is EncoderState.RESTARTING
    assert encoder.encode(frame(20), BOX)[0] == 20  # never the answer meant for the earlier face
    h = encoder.health()
    assert h.state is EncoderState.READY and h.restarts == 1


def test_a_crashed_child_is_replaced(encoder):
    with pytest.raises(EngineError, match="stopped"):
        encoder.encode(frame(13), BOX)
    assert encoder.encode(frame(30), BOX)[0] == 30
    os.kill(encoder.pid, signal.SIGKILL)  # killed from outside between requests
    with pytest.raises(EngineError):
        encoder.encode(frame(31), BOX)
    assert encoder.encode(frame(32), BOX)[0] == 32
    assert encoder.health().restarts == 2


def test_answers_to_other_requests_are_dropped(encoder):
    encoder._request += 1
    encoder._send.send((encoder._request, frame(40), BOX))  # its answer is one nobody waits for
    assert encoder.encode(frame(41), BOX)[0] == 41


def test_an_encoder_that_keeps_dying_gives_up():
    enc = ProcessEncoder(ScriptedEngine, encode_timeout_s=5.0, max_restarts=1).start()
    try:
        for _ in range(2):
            with pytest.raises(EngineError):
                enc.encode(frame(13), BOX)
        assert enc.health().state is EncoderState.FAILED
        with pytest.raises(EngineError, match="keeps failing"):
            enc.encode(frame(1), BOX)
    finally:
        enc.close()


def test_the_composition_root_chooses_the_encoder(kiosk_app):
    from kiosk.app import make_encoder
    from kiosk.camera.encoder import InProcessEncoder

    enc = make_encoder(kiosk_app)  # the fake engine encodes in this process
    assert isinstance(enc, InProcessEncoder) and enc.health().state is EncoderState.READY
