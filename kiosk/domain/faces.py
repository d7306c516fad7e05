"""Face enrollment, 1:1 verification, duplicate check and deletion.

Verify, don't identify (rule 2): :meth:`FaceService.verify` compares a probe with
the claimed member's template only. The gallery is searched only by
:meth:`FaceService.duplicate_of`, at enrollment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from kiosk.audit_events import AuditEvent
from kiosk.biometrics.engine import (
    Box,
    FaceEngine,
    Match,
    Mode,
    distance,
    enroll_agreement,
    match_level,
    mean_template,
    mirrored,
)
from kiosk.biometrics.quality import PHOTO_ADVICE, assess
from kiosk.camera.still import read_image  # noqa: F401 (callers read photos through the face service's module)
from kiosk.config import Settings
from kiosk.domain import boot
from kiosk.domain.face_tries import FaceTries, TryCount, TryEnd
from kiosk.errors import (
    ConsentError,
    DuplicateFaceError,
    EnrollmentError,
    FaceNotAllowedError,
    FaceQualityError,
    NotFoundError,
)
from kiosk.policy.consent import AGE_OF_CONSENT, AgeBand
from kiosk.policy.retention import template_expiry
from kiosk.store.db import Store

if TYPE_CHECKING:
    from kiosk.domain.passes import IssuedPass, PassService


@dataclass(frozen=True)
class VerifyResult:
    """What the UI may see of a verification: no template, no distance."""

    member_no: str
    matched: bool


def age_on(birth_date: str, today: date) -> int:
    b = date.fromisoformat(birth_date)
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


def site_offline_minutes(store: Store, now: float, boot_now: str | None = None) -> float | None:
    """Minutes since this kiosk of a site last heard from its site (None: a standalone kiosk).
    The site's exchange (:mod:`kiosk.site.sync`) notes each contact in ``site_state``, with a
    stamp of the machine's own running time (:mod:`kiosk.domain.boot`): measured on it, a wall
    clock set hours ahead or back in between neither pauses face nor keeps it going. After a
    restart of the machine the wall clock (``now``) measures."""
    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_state'"):
        return None
    noted = dict(store.query("SELECT key, value FROM site_state WHERE key IN ('last_contact', 'last_contact_boot')"))
    since = boot.seconds_since(noted.get("last_contact_boot"), boot_now)
    if since is not None:
        return since / 60
    last = float(noted.get("last_contact") or 0.0)
    return max(0.0, now - last) / 60


class FaceService:
    def __init__(self, store: Store, engine: FaceEngine, settings: Callable[[], Settings],
                 clock: Callable[[], datetime] | None = None, passes: "PassService | None" = None) -> None:
        self.store = store
        self.engine = engine
        self._settings = settings
        self.clock = clock or (lambda: datetime.now(timezone.utc))  # tests inject one: no test sleeps
        self.passes = passes
        self.tries = FaceTries(store, settings, lambda: self.clock().timestamp())

    @property
    def settings(self) -> Settings:
        return self._settings()

    # -- availability --------------------------------------------------------
    def check_allowed(self) -> None:
        s = self.settings
        if not s.face_site_allowed:
            raise FaceNotAllowedError(
                f"Face recognition is not allowed at a site of type {s.site_type!r}.",
                remedy="Use card or PIN; staff can change the site profile if it is wrong.",
            )
        if not s.face_enabled:
            raise FaceNotAllowedError("Face verification is switched off on this kiosk.", remedy="Use card or PIN.")
        offline = site_offline_minutes(self.store, self.clock().timestamp())
        if offline is not None and offline >= s.site_offline_face_minutes:
            raise FaceNotAllowedError(
                f"Face use is paused: this kiosk has not heard from its site for {int(offline)} minutes, so a "
                "withdrawal made at another gate may not have reached it.",
                remedy="Use card or PIN; staff: check the network and the site's server ('kiosk site status').")

    def has_face(self, member_no: str) -> bool:
        """True when the member has a current template under an unwithdrawn consent."""
        try:
            self.check_allowed()
        except FaceNotAllowedError:
            return False
        if self.settings.templates_on_pass:
            return False  # the template is on the pass: face is offered once the pass is scanned
        info = self.store.templates.info(member_no)
        if info is None or info.expires <= self.clock().isoformat(timespec="seconds"):
            return False
        consent = self.store.consents.get(info.consent_id)
        member = self.store.members.get(member_no)
        return bool(consent and consent.withdrawn_at is None and member and member.active)

    # -- face tries (stored, so cancelling and claiming again gives no fresh tries) ----------
    def face_paused(self, member_no: str) -> float:
        """Seconds until face checks are offered again to this member (0: now)."""
        return self.tries.seconds_paused(member_no)

    def can_verify(self, member_no: str) -> bool:
        """Offer "use my face": a valid enrollment and no pause after repeated failures."""
        return self.has_face(member_no) and self.face_paused(member_no) <= 0

    # -- encodings -----------------------------------------------------------
    def still_box(self, frame: np.ndarray) -> Box:
        """The encoder box of the dominant face of a photo, or :class:`FaceQualityError`."""
        boxes = self.engine.detect(frame, Mode.STILL)
        verdict = assess(frame, boxes, self.settings, Mode.STILL)
        if not verdict.ok or verdict.box is None:
            raise FaceQualityError(verdict.reason.value, f"No usable face in the photo ({verdict.reason.value}).",
                                   PHOTO_ADVICE[verdict.reason])
        return verdict.box

    def encode_still(self, frame: np.ndarray, mode: Mode = Mode.STILL) -> np.ndarray:
        """Encoding of the dominant face of a photo, or :class:`FaceQualityError`. ``Mode.ENROLL``
        for a photo that becomes a template: :meth:`enrollment_encoding` (slower, better)."""
        box = self.still_box(frame)
        return self.enrollment_encoding(frame, box) if mode is Mode.ENROLL else self.engine.encode(frame, box, mode)

    def enrollment_encoding(self, frame: np.ndarray, box: Box) -> np.ndarray:
        """A photo that becomes a template: the engine's enrollment encoding (jittered copies) of
        the face and of its mirror image, averaged. Measured on the development set (README):
        more same-person pairs within the threshold and fewer different-person ones than the
        jittered face alone, for twice its time; only enrollment from photos pays it. Camera
        set-up keeps its live encodings of several frames (mirrored frames let more
        different-person pairs through there)."""
        flipped, flipped_box = mirrored(frame, box)
        return mean_template(np.stack([self.engine.encode(frame, box, Mode.ENROLL),
                                       self.engine.encode(flipped, flipped_box, Mode.ENROLL)]))

    def build_template(self, encodings: Sequence[np.ndarray]) -> np.ndarray:
        """One template from the encodings that agree; refuse when they don't."""
        if not encodings:
            raise EnrollmentError("No face was captured.", remedy="Try again, looking at the camera.")
        mat = np.stack([np.asarray(e, np.float32) for e in encodings])
        if len(mat) == 1:
            return mat[0]
        pair = np.linalg.norm(mat[:, None, :] - mat[None, :, :], axis=2)
        medoid = int(np.argmin(pair.sum(axis=1)))
        agree = pair[medoid] <= enroll_agreement(self.settings.match_threshold)
        if agree.sum() < max(2, int(np.ceil(0.6 * len(mat)))):
            raise EnrollmentError(
                "The captured faces do not agree with each other.",
                remedy="Make sure only the member is in front of the camera and try again.",
            )
        return mean_template(mat[agree])

    def duplicate_of(self, template: np.ndarray, exclude: str | None = None) -> str | None:
        """The member whose stored template is closest within the duplicate threshold (1:N, vectorised)."""
        member_no, dist = self.store.templates.gallery().nearest(template, exclude)
        return member_no if dist <= self.settings.duplicate_threshold else None

    # -- consent ---------------------------------------------------------------
    def age_band(self, member_no: str, declared_14_or_older: bool | None) -> str:
        member = self._member(member_no)
        if member.birth_date:
            return AgeBand.of_age(age_on(member.birth_date, date.today())).value
        if declared_14_or_older is None:
            raise ConsentError("The member's age is not known.", remedy=f"Ask whether the member is {AGE_OF_CONSENT} or older.")
        return (AgeBand.FOURTEEN_OR_OLDER if declared_14_or_older else AgeBand.UNDER_14).value

    def expiry_for(self, member_no: str) -> str:
        return template_expiry(self._member(member_no).valid_until, self.clock(), self.settings)

    # -- enrollment ------------------------------------------------------------
    def _check_enrollable(self, member_no: str, consent_id: int) -> None:
        """Face features are allowed here, the consent is this member's and still in force, and the pass is valid."""
        self.check_allowed()
        member = self._member(member_no)
        consent = self.store.consents.get(consent_id)
        if consent is None or consent.member_no != member_no or consent.withdrawn_at:
            raise ConsentError("There is no valid consent for this enrollment.", remedy="Show the notice and ask again.")
        if not member.active or member.valid_until < date.today().isoformat():
            raise EnrollmentError(f"Pass {member_no} is not valid.", remedy="Renew the pass at the desk first.")

    def enroll(self, member_no: str, encodings: Sequence[np.ndarray], consent_id: int, actor: str = "visitor",
               liveness: str = "not_checked") -> str:
        """Store the template; returns its expiry. Refuses faces already enrolled on another pass.
        ``liveness`` is audited: the liveness mode the capture passed, or "not_checked"
        (staff-assisted enrollment from photo files, which staff vouch for)."""
        self._check_enrollable(member_no, consent_id)
        template = self.build_template(encodings)
        if self.settings.duplicate_check:
            other = self.duplicate_of(template, exclude=member_no)
            if other is not None:
                self.store.audit.append(AuditEvent.ENROLL_REFUSED_DUPLICATE, actor, member_no, other=other)
                raise DuplicateFaceError(
                    "This face is already enrolled on another pass.", remedy="Please ask staff for help."
                )
        expires = self.expiry_for(member_no)
        self.store.templates.put(member_no, template, self.engine.model_id, expires, consent_id)
        self.store.audit.append(AuditEvent.ENROLLED, actor, member_no, consent_id=consent_id, frames=len(encodings), expires=expires,
                                liveness=liveness)
        return expires

    def enroll_pass(self, member_no: str, encodings: Sequence[np.ndarray], consent_id: int,
                    actor: str = "visitor", liveness: str = "not_checked") -> "IssuedPass":
        """Pass mode: seal the template for the member's pass; nothing biometric is stored here.
        There is no gallery, so no duplicate check can run (the notice and the filing report say so).
        ``liveness`` is audited as in :meth:`enroll`."""
        self._check_enrollable(member_no, consent_id)
        issued = self._passes().issue(member_no, self.build_template(encodings), consent_id, self.expiry_for(member_no))
        self.store.audit.append(AuditEvent.ENROLLED, actor, member_no, consent_id=consent_id, frames=len(encodings),
                                expires=issued.expires, storage="pass", site_key=issued.key_id, consent_ref=issued.consent,
                                liveness=liveness)
        return issued

    # -- verification ----------------------------------------------------------
    def probe_distance(self, member_no: str, probe: np.ndarray, pass_code: str | None = None) -> float:
        """Distance to the claimed member's own template (internal: never shown): the one on the
        scanned pass in pass mode (after every check of :meth:`PassService.open`), else the stored one."""
        if pass_code:
            return self._passes().distance(pass_code, member_no, probe)
        template = self.store.templates.get(member_no)
        if template is None:
            raise NotFoundError(f"Member {member_no} has no face enrollment.", remedy="Use card or PIN.")
        return distance(template, probe)

    def is_match(self, member_no: str, probe: np.ndarray, pass_code: str | None = None) -> bool:
        return self.probe_distance(member_no, probe, pass_code) <= self.settings.match_threshold

    def judge(self, member_no: str, probe: np.ndarray, pass_code: str | None = None) -> Match:
        """NO, YES, or SURE (far inside the threshold: one live frame decides); never the distance.
        With ``pass_code`` (pass mode) against the template on the scanned pass."""
        s = self.settings
        return match_level(self.probe_distance(member_no, probe, pass_code), s.match_threshold, s.sure_match_fraction)

    def record_verification(self, member_no: str, matched: bool, method: str = "face", actor: str = "visitor") -> VerifyResult:
        if matched and method == "face":
            if self.store.templates.info(member_no) is not None:  # pass mode: nothing stored to keep fresh
                now = self.clock()
                self.store.templates.touch(member_no, now.isoformat(timespec="seconds"),
                                           template_expiry(self._member(member_no).valid_until, now, self.settings))
        self.store.audit.append(AuditEvent.VERIFY, actor, member_no, method=method, outcome="pass" if matched else "fail")
        if method == "face":
            self.tries.end(member_no, TryEnd.MATCH if matched else TryEnd.NO_MATCH, actor=actor)
        return VerifyResult(member_no, matched)

    def end_try(self, member_no: str, end: TryEnd, refusal: str | None = None, actor: str = "visitor") -> TryCount:
        """A face try ended without a comparison's verdict (liveness, timeout, abandoned,
        interrupted): counted and audited as :meth:`FaceTries.end` says."""
        return self.tries.end(member_no, end, refusal, actor)

    def verify(self, member_no: str, probe: np.ndarray, actor: str = "visitor", pass_code: str | None = None) -> VerifyResult:
        """1:1 against the member's stored template, or against the template on ``pass_code``."""
        self.check_allowed()
        if pass_code:
            self._member(member_no)
        elif not self.has_face(member_no):
            raise FaceNotAllowedError(f"Member {member_no} has no valid face enrollment.", remedy="Use card or PIN.")
        self.tries.refuse_if_paused(member_no)
        return self.record_verification(member_no, self.is_match(member_no, probe, pass_code), "face", actor)

    # -- deletion --------------------------------------------------------------
    def forget(self, member_no: str, actor: str = "visitor", reason: str = "withdrawn", pass_code: str | None = None) -> bool:
        """Delete the template now and mark its consent withdrawn. Consent records stay. Where
        passes are in use, the member's passes go on the revocation list (every kiosk refuses them)."""
        self._member(member_no)
        with self.store.transaction():  # template, consents, revocations and audit record: all or nothing
            info = self.store.templates.info(member_no)
            deleted = self.store.templates.delete(member_no)
            withdrawn = [c.id for c in self.store.consents.for_member(member_no) if c.withdrawn_at is None]
            for consent_id in withdrawn:
                self.store.consents.withdraw(consent_id)
            if self.passes is not None and (self.settings.templates_on_pass or self.passes.keyring.exists):
                self.passes.revoke_member(member_no, actor, withdrawn, pass_code)
            self.store.audit.append(AuditEvent.FACE_DELETED, actor, member_no, reason=reason, had_template=deleted,
                                    consent_id=info.consent_id if info else None)
        return deleted

    def _passes(self) -> "PassService":
        if self.passes is None:
            raise FaceNotAllowedError("Face passes are not set up on this kiosk.", remedy="Use card or PIN.")
        return self.passes

    def _member(self, member_no: str):
        member = self.store.members.get(member_no)
        if member is None:
            raise NotFoundError(f"No member {member_no}.", remedy="Check the number or import the membership list.")
        return member
