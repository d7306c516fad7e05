"""Face operations: enroll with consent (the one enrollment path), judge a live frame, decide a face try
(record, count, prove), forget (the visitor) or revoke (staff) face data, and the retention purge."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from kiosk.audit_events import AuditEvent
from kiosk.config import TemplateStorage
from kiosk.domain import pass_codes
from kiosk.domain.alerts import face_tries_used_up
from kiosk.domain.consent import ConsentDraft, EnrollmentFlow, EnrollmentReceipt
from kiosk.domain.face_tries import TryCount, TryEnd
from kiosk.domain.face_tries import TryEnd as FaceTryEnd  # noqa: F401 (re-exported by kiosk.ops)
from kiosk.domain.mydata import DeletionReceipt
from kiosk.domain.proofs import Proof, ProofMethod
from kiosk.domain.site_templates import is_site_template, require_site_storage
from kiosk.errors import ConsentError, FacePausedError, KioskError, PassRefusedError
from kiosk.liveness.record import record_refusal
from kiosk.ops.auth import Action, Actor, authorise, authorise_own
from kiosk.ops.visitor import FaceFlow
from kiosk.policy.consent import AGE_OF_CONSENT, AgeBand
from kiosk.store.repos import now_iso

if TYPE_CHECKING:
    import numpy as np

    from kiosk.biometrics.engine import Match
    from kiosk.core import Kiosk

EnrollResult = EnrollmentReceipt


def enroll_with_consent(kiosk: "Kiosk", actor: Actor, draft: ConsentDraft,
                        encodings: Sequence["np.ndarray"], liveness: str = "not_checked",
                        pass_out: Path | None = None) -> EnrollResult:
    """Store the consent record and the template together, superseding older consents.

    ``pass_out`` (pass mode): the face pass's QR code is written there (PNG or PDF) before
    anything is committed. The path is checked first (suffix, link, a folder that can be
    written), the file is written inside the unit of work, and only then do the consent and
    the enrollment commit; when the pass cannot be written nothing is recorded at all.

    When the face is refused (a duplicate, faces that disagree, a pass no longer valid), the
    consent record is kept as proof that the check ran with consent, withdrawn at once with
    its ``consent_ended`` record, and the refusal is raised after that has been committed.
    ``liveness`` goes into the ``enrolled`` audit record: the liveness mode the kiosk's capture
    passed, or "not_checked" for photo files that staff vouch for."""
    authorise(actor, Action.ENROLL_FACE, draft.member_no)
    if draft.age_band == AgeBand.UNDER_14 and not (draft.guardian_ref and draft.guardian_name):
        raise ConsentError(f"A child under {AGE_OF_CONSENT} cannot consent alone.",
                           remedy="A parent or guardian must identify themselves and consent.")
    on_pass = kiosk.settings.templates_on_pass  # pass mode: sealed onto the pass, nothing stored
    if kiosk.settings.template_storage == TemplateStorage.SITE:  # refused before anything is recorded
        require_site_storage(kiosk.store, kiosk.paths.data_dir)
    if pass_out is not None:
        if not on_pass:
            raise KioskError("A face pass is written only in pass mode.",
                             remedy="Run 'kiosk settings set template_storage pass' first.")
        pass_out = Path(pass_out).expanduser()
        pass_codes.check_qr_output(pass_out)  # refused before anything is recorded
    refusal: KioskError | None = None
    written: Path | None = None
    try:
        with kiosk.store.transaction():
            consent_id, expires, code, refusal = _enroll_unit(kiosk, actor, draft, encodings, liveness, on_pass)
            if refusal is None and pass_out is not None and code is not None:
                written = pass_codes.save_qr(code, pass_out)  # the member's pass first; the records commit after it
    except BaseException:
        if written is not None:  # the records did not commit: a pass naming them must not stay
            written.unlink(missing_ok=True)
        raise
    if refusal is not None:
        raise refusal
    return EnrollmentReceipt(draft.member_no, consent_id, "face_template", expires[:10], draft.given_by,
                             draft.guardian_name, draft.notice_version,
                             "pass" if on_pass else "site" if is_site_template(kiosk.store, draft.member_no) else "kiosk",
                             code,
                             now_iso()[:10] if on_pass else None)


def _enroll_unit(kiosk: "Kiosk", actor: Actor, draft: ConsentDraft, encodings: Sequence["np.ndarray"],
                 liveness: str, on_pass: bool) -> tuple[int, str, str | None, KioskError | None]:
    """The records of one enrollment, inside the caller's transaction: ``(consent id, expiry,
    pass code, refusal)``. A refused face leaves its consent withdrawn and the refusal returned."""
    store, member_no = kiosk.store, draft.member_no
    code, expires = None, ""
    refusal: KioskError | None = None
    consent_id = store.consents.add(**draft.record())
    store.audit.append(AuditEvent.CONSENT_GIVEN, actor.name, member_no, consent_id=consent_id, by=draft.given_by,
                       method=draft.method)
    try:
        if on_pass:
            issued = kiosk.faces.enroll_pass(member_no, encodings, consent_id, actor.name, liveness=liveness)
            expires, code = issued.expires, issued.code
        else:
            expires = kiosk.faces.enroll(member_no, encodings, consent_id, actor.name, liveness=liveness)
    except KioskError as exc:  # nothing but its audit record was written by the refused step
        refusal = exc
        store.consents.withdraw(consent_id)
        store.audit.append(AuditEvent.CONSENT_ENDED, actor.name, member_no, consent_id=consent_id, reason=exc.code.value)
    else:
        for older in store.consents.for_member(member_no):
            if older.id != consent_id and older.withdrawn_at is None:
                store.consents.withdraw(older.id)  # superseded: one consent per template
                if on_pass:  # the older pass stops working
                    kiosk.passes.revoke("consent", str(kiosk.passes.consent_ref(older.id)), actor.name)
    return consent_id, expires, code, refusal


def complete_enrollment(kiosk: "Kiosk", flow: EnrollmentFlow, encodings: Sequence["np.ndarray"],
                        actor: Actor | None = None, liveness: str = "not_checked") -> EnrollResult:
    """The visitor's set-up-face flow ends here: its consent draft and the captured faces
    (``liveness``: the mode the capture passed). The face just enrolled, after the PIN, is a
    proof of the member (``flow.proof``): set-up then checks the visitor in."""
    flow.check_ready()
    receipt = enroll_with_consent(kiosk, actor or Actor.visitor(flow.member_no), flow.draft(), encodings, liveness)
    flow.receipt = receipt
    flow.proof = kiosk.proofs.issue(flow.member_no, ProofMethod.FACE)
    return receipt


class FaceAttempt(Enum):
    MATCH = "match"
    NO_MATCH = "no_match"


@dataclass(frozen=True)
class FaceAttemptResult:
    member_no: str
    outcome: FaceAttempt
    seconds_paused: float = 0.0  # > 0: this failure paused face checks for the member (or the kiosk)
    proof: Proof | None = None  # a match: the visitor proved to be this member


def record_face_attempt(kiosk: "Kiosk", actor: Actor, member_no: str, matched: bool) -> FaceAttemptResult:
    """Audit a face verification; a match keeps the template fresh (retention by last use),
    clears the member's face-try count and brings a proof of this member; a no-match is
    counted (and may start a pause)."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    with kiosk.store.transaction():
        kiosk.faces.record_verification(member_no, matched, "face", actor.name)
        paused = 0.0 if matched else kiosk.faces.face_paused(member_no)
    if not matched:
        return FaceAttemptResult(member_no, FaceAttempt.NO_MATCH, paused)
    return FaceAttemptResult(member_no, FaceAttempt.MATCH, proof=kiosk.proofs.issue(member_no, ProofMethod.FACE,
                                                                                     spent=True))


FaceTryResult = TryCount  # frozen: the member, how the try ended, the count, the pause (no score)


def begin_face_try(kiosk: "Kiosk", actor: Actor, member_no: str) -> None:
    """Open a face try before the camera starts (the screen's face step, ``kiosk verify
    --camera``). Raises :class:`FacePausedError` while the member's face checks are paused,
    after committing the count of an earlier try of theirs that never ended (abandoned)."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    kiosk.faces.check_allowed()
    paused = kiosk.faces.tries.begin(member_no, actor.name)
    if paused > 0:
        kiosk.faces.tries.refuse_if_paused(member_no)
        raise FacePausedError(paused, member_no)  # the pause ended between the two reads: refuse all the same


def end_face_try(kiosk: "Kiosk", actor: Actor, member_no: str, end: TryEnd,
                 refusal: str | None = None) -> FaceTryResult:
    """Close a face try that ended without a comparison's verdict: a refused liveness check
    (``refusal``: its code; audited with its staff alert as well), a timeout, the visitor
    leaving the step (abandoned), or the camera failing (not counted). A match or no-match is
    recorded by :func:`record_face_attempt`."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    if end in (TryEnd.MATCH, TryEnd.NO_MATCH):
        raise ValueError("a comparison's verdict is recorded by record_face_attempt")
    with kiosk.store.transaction():
        if end is TryEnd.LIVENESS:
            record_refusal(kiosk.store, member_no, "verify", refusal or "", actor=actor.name,
                           alert=False)  # the try's alert carries it
        return kiosk.faces.end_try(member_no, end, refusal, actor.name)


@dataclass(frozen=True)
class FaceDecision:
    """How a face try at the kiosk ended, as the face step shows it (no score, no distance)."""

    member_no: str
    end: TryEnd
    seconds_paused: float = 0.0  # > 0: this failure paused face checks for the member (or the kiosk)
    proof: Proof | None = None  # a match: the visitor proved to be this member (the gate opens for it)
    tries_used_up: bool = False  # this failure ended the visit's face tries: staff were told


def decide_face_try(kiosk: "Kiosk", actor: Actor, member_no: str, end: TryEnd, refusal: str | None = None, *,
                    visit_tries_left: int | None = None) -> FaceDecision:
    """The end of one face try, as one operation, like :func:`kiosk.ops.verify_by_pin` for a PIN.

    A match or no-match is audited with its verdict (:func:`record_face_attempt`); any other end
    closes the try (:func:`end_face_try`). A failure is counted and may start a pause. With
    ``visit_tries_left`` (the face tries this visit had before this one; None: the visit does not
    count them) a counted failure that used the last one, or started a pause, is said on the
    staff alert that carries the tries, in the same transaction.

    A match brings a proof of this member, already spent on the check-in it audits. The gate is
    not signalled here: the caller signals it for the proof on an executor of its own, as after
    a PIN, so that a slow gate never holds the database's executor."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    if end is TryEnd.MATCH:
        return FaceDecision(member_no, end, proof=record_face_attempt(kiosk, actor, member_no, True).proof)
    with kiosk.store.transaction():
        if end is TryEnd.NO_MATCH:
            paused = record_face_attempt(kiosk, actor, member_no, False).seconds_paused
        else:
            paused = end_face_try(kiosk, actor, member_no, end, refusal).seconds_paused
        used_up = visit_tries_left is not None and end.counted and (paused > 0 or visit_tries_left <= 1)
        if used_up:
            face_tries_used_up(kiosk.store, member_no, actor=actor.name)
    return FaceDecision(member_no, end, paused, tries_used_up=used_up)


@dataclass(frozen=True)
class PassCheck:
    """A face pass that passed every check (never its template)."""

    member_no: str
    expires: date
    consent_ref: str


@contextmanager
def _refused_pass_audited(kiosk: "Kiosk", actor: Actor, member_no: str) -> Iterator[None]:
    """A refused face pass is a refused check: audited (its reason only), then raised."""
    try:
        yield
    except PassRefusedError as exc:
        kiosk.store.audit.append(AuditEvent.VERIFY, actor.name, member_no, method="face", outcome="refused",
                                 reason=exc.reason.value)
        raise


def check_face_pass(kiosk: "Kiosk", actor: Actor, member_no: str, code: str) -> PassCheck:
    """Open the face pass the member shows before their face is looked at: a pass of another
    member, site or time is refused (and audited) at once."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    with _refused_pass_audited(kiosk, actor, member_no):
        sealed = kiosk.passes.open(code, member_no)
    return PassCheck(sealed.member_no, sealed.expires, str(sealed.consent))


def verify_face(kiosk: "Kiosk", actor: Actor, member_no: str, probe: "np.ndarray",
                pass_code: str | None = None) -> FaceAttemptResult:
    """One face (an encoded photo) checked 1:1 against the member's stored template, or the one
    on their face pass: the check, its template freshness and throttles, and its audit record
    commit together. A refused pass is audited and raised."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    with _refused_pass_audited(kiosk, actor, member_no), kiosk.store.transaction():
        matched = kiosk.faces.verify(member_no, probe, actor=actor.name, pass_code=pass_code).matched
    return FaceAttemptResult(member_no, FaceAttempt.MATCH if matched else FaceAttempt.NO_MATCH)


def judge_face(kiosk: "Kiosk", actor: Actor, member_no: str, probe: "np.ndarray",
               pass_code: str | None = None) -> "Match":
    """One live frame's encoding judged 1:1 against the member's template (or the one on their
    face pass): NO, YES or SURE, never the distance. The live face step calls this for every
    encoded frame, so it writes nothing: the step's outcome is recorded once, by
    :func:`record_face_attempt`."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    return kiosk.faces.judge(member_no, probe, pass_code)


@dataclass(frozen=True)
class FaceAvailability:
    member_no: str
    enrolled: bool  # a current template under a consent in force, on an active pass (never on a face pass)


def face_availability(kiosk: "Kiosk", actor: Actor, member_no: str, flow: FaceFlow) -> FaceAvailability:
    """Whether the member can be checked by face on this kiosk's own templates. Raises
    FaceNotAllowedError where face is not used here at all (site profile, switched off)."""
    authorise(actor, flow.action, member_no)
    with kiosk.store.transaction():  # one consistent view
        kiosk.faces.check_allowed()
        return FaceAvailability(member_no, kiosk.faces.has_face(member_no))


ForgetResult = DeletionReceipt  # what the deletion receipt shows: no template, no distance


def _forget(kiosk: "Kiosk", actor: Actor, member_no: str, reason: str, pass_code: str | None = None) -> ForgetResult:
    with kiosk.store.transaction():
        info = kiosk.store.templates.info(member_no)
        at_site = is_site_template(kiosk.store, member_no)
        open_consents = [c.id for c in kiosk.store.consents.for_member(member_no) if c.withdrawn_at is None]
        had = kiosk.faces.forget(member_no, actor=actor.name, reason=reason, pass_code=pass_code)
    consent_id = info.consent_id if info else (open_consents[-1] if open_consents else None)
    storage = "pass" if kiosk.settings.templates_on_pass else "site" if at_site else "kiosk"
    return ForgetResult(member_no, now_iso(), had, consent_id, storage)


def forget_face(kiosk: "Kiosk", actor: Actor, member_no: str, pass_code: str | None = None,
                proof: Proof | None = None) -> ForgetResult:
    """The member withdraws: the template goes at once, the consent is marked withdrawn. Where
    passes are in use the member's passes (and the one shown) go on the revocation list.
    Typing a member number proves nothing: a visitor needs ``proof``, the unlapsed proof of
    this member that their PIN or face brought, so nobody deletes another member's face data."""
    authorise_own(actor, Action.FORGET_FACE, member_no, kiosk.proofs, proof)
    return _forget(kiosk, actor, member_no, "withdrawn", pass_code)


def revoke_face(kiosk: "Kiosk", actor: Actor, member_no: str, reason: str = "revoked_by_staff") -> ForgetResult:
    """Staff delete a member's face data (at the member's request, or a lost pass)."""
    authorise(actor, Action.REVOKE_FACE, member_no)
    return _forget(kiosk, actor, member_no, reason)


@dataclass(frozen=True)
class PurgeResult:
    count: int
    at: str


def purge_expired(kiosk: "Kiosk", actor: Actor, now: datetime | None = None, *,
                  only_if_due: bool = False) -> PurgeResult | None:
    """Delete every expired template in one transaction with its audit record. With
    ``only_if_due`` (the kiosk's schedule) nothing happens when a purge ran in the last day."""
    from kiosk.maintenance import purge, purge_if_due

    authorise(actor, Action.PURGE)
    now = now or datetime.now(timezone.utc)
    count = purge_if_due(kiosk, now, actor.name) if only_if_due else purge(kiosk, now, actor.name)
    return None if count is None else PurgeResult(count, now.isoformat(timespec="seconds"))
