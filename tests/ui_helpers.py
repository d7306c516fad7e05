"""Shared set-up for the UI tests: a window on the fake engine with an in-memory camera."""

from __future__ import annotations

import numpy as np

from kiosk.biometrics.fake import draw_face
from kiosk.camera.source import MemorySource
from kiosk.errors import CameraError

ALICE_HUE = 40


class Camera:
    """What the kiosk's camera shows next; frames live in memory only."""

    def __init__(self) -> None:
        self.frames: list[np.ndarray] = [draw_face(ALICE_HUE)]
        self.fail_open = False
        self.loop = True
        self.opened = 0
        self.open_now = 0

    def open(self, spec: object):
        if self.fail_open:
            raise CameraError("No camera here.")
        self.opened += 1
        self.open_now += 1
        src = MemorySource(self.frames, 30.0, realtime=True, loop=self.loop)
        close = src.close

        def closing() -> None:
            if not src.closed:
                self.open_now -= 1
            close()

        src.close = closing
        return src


def enroll_fake_face(kiosk, member_no: str = "M001", hue: int = ALICE_HUE) -> None:
    enc = kiosk.faces.encode_still(draw_face(hue))
    consent = kiosk.faces.record_consent(member_no, age_band="14_or_older", method="test")
    kiosk.faces.enroll(member_no, [enc], consent)
