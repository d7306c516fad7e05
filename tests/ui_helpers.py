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


def consent_draft(kiosk, member_no: str, age_band: str = "14_or_older", language: str = "en",
                  guardian_ref: str | None = None, guardian_name: str | None = None):
    """A consent given on the notice rendered now (what staff record with the command line)."""
    from kiosk.domain.consent import ConsentDraft
    from kiosk.domain.notice import render_notice
    from kiosk.store.repos import now_iso

    notice = render_notice(kiosk.settings, member_no, kiosk.faces.expiry_for(member_no), language)
    return ConsentDraft(member_no, notice.version, notice.sha256, notice.language, age_band, "test", now_iso(),
                        guardian_ref, guardian_name)


def enroll_encodings(kiosk, member_no: str, encodings, age_band: str = "14_or_older", **guardian):
    """Enroll through the one enrollment path, as the member at the kiosk."""
    from kiosk import ops

    draft = consent_draft(kiosk, member_no, age_band, **guardian)
    return ops.enroll_with_consent(kiosk, ops.Actor.visitor(member_no), draft, encodings)


def enroll_fake_face(kiosk, member_no: str = "M001", hue: int = ALICE_HUE) -> None:
    enroll_encodings(kiosk, member_no, [kiosk.faces.encode_still(draw_face(hue))])


def set_liveness(kiosk, mode: str) -> None:
    """Choose the liveness mode for a test, through the audited settings path. The fake
    engine's drawn faces are still pictures: the passive check calls them attacks and they
    cannot turn, so tests of other parts of a face flow set "off" (or "challenge" with
    :func:`cooperative_visitor`); the liveness tests themselves keep the default "both"."""
    kiosk.save_settings(kiosk.settings.replace(liveness=mode), "test")


def cooperative_visitor(kiosk, **kw):
    """The fake engine's face does what the liveness challenge of each face step asks, moving
    smoothly (:class:`kiosk.biometrics.fake.PromptFollower`), whatever steps it draws."""
    from kiosk.biometrics.fake import PromptFollower

    visitor = PromptFollower(**kw).attach(kiosk)
    kiosk.engine.follower = visitor
    return visitor
