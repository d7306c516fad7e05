"""Face passes: issuing a sealed template to the member, opening it at any kiosk of the site,
and the revocation list (consent references and member numbers; never biometric data).

Every refusal is a :class:`PassRefusedError` with a :class:`Refusal` reason; nothing else
escapes :meth:`PassService.open`, whatever bytes are scanned.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from kiosk.audit_events import AuditEvent
from kiosk.config import Settings
from kiosk.domain import pass_codes, pass_payload
from kiosk.domain.pass_payload import ConsentRef, SealedPass
from kiosk.domain.site_keys import SiteKeyring
from kiosk.errors import ExportError, PassRefusedError, Refusal, RevocationListError
from kiosk.files import write_private
from kiosk.inputs import read_json
from kiosk.store.db import Store
from kiosk.store.repos import now_iso

REVOCATIONS_FORMAT = "kiosk-pass-revocations"
MAX_REVOCATIONS_BYTES = 16 * 1024 * 1024  #: about 150,000 entries


@dataclass(frozen=True)
class IssuedPass:
    """What enrollment hands the member in pass mode: the code text (sealed), no template."""

    member_no: str
    code: str  # the text form, also what the QR code holds
    size: int  # bytes of the binary payload
    expires: str  # ISO date
    consent: str  # consent reference, e.g. "3fa2c91b-7"
    key_id: str


class PassService:
    def __init__(self, data_dir: Path, store: Store, settings: Callable[[], Settings]) -> None:
        self.store = store
        self.settings = settings
        self.keyring = SiteKeyring(data_dir)

    @property
    def kiosk_id(self) -> int:
        """A random id for this data folder, so consent references are unique across a site."""
        meta = self.store.meta
        value = meta.get("kiosk_id")
        if value is None:
            value = f"{secrets.randbits(32):08x}"
            meta.set("kiosk_id", value)
        return int(value, 16)

    def consent_ref(self, consent_id: int) -> ConsentRef:
        return ConsentRef(self.kiosk_id, consent_id)

    # -- issuing ---------------------------------------------------------------------
    def issue(self, member_no: str, template: np.ndarray, consent_id: int, expires: str,
              now: datetime | None = None) -> IssuedPass:
        key = self.keyring.current()
        ref = self.consent_ref(consent_id)
        payload = pass_payload.seal(key.key_id, key.secret, member_no, template, issued=now or datetime.now(timezone.utc),
                                    expires=date.fromisoformat(expires[:10]), consent=ref)
        return IssuedPass(member_no, pass_codes.to_text(payload), len(payload), expires[:10], str(ref), key.name)

    # -- opening -----------------------------------------------------------------------
    def header(self, code: str | bytes) -> pass_payload.Header:
        """The clear part of a scanned code (member number, expiry): no key needed."""
        payload = pass_codes.from_text(code) if isinstance(code, str) else code
        return pass_payload.peek(payload)

    def open(self, code: str | bytes, member_no: str | None = None, now: datetime | None = None) -> SealedPass:
        """The sealed record, after every check, or :class:`PassRefusedError`.

        ``member_no`` is the member claimed by other means (typed, card); a pass sealed
        for someone else is refused even when it is otherwise valid.
        """
        now = now or datetime.now(timezone.utc)
        head = self.header(code)
        key = self.keyring.get(head.key_id)
        if key is None:
            if not self.keyring.exists:
                raise PassRefusedError(Refusal.NO_SITE_KEY)
            raise PassRefusedError(Refusal.OTHER_SITE)
        sealed = pass_payload.unseal(head, key.secret)
        if member_no is not None and member_no != sealed.member_no:
            raise PassRefusedError(Refusal.OTHER_MEMBER)
        if self.is_revoked(sealed):
            raise PassRefusedError(Refusal.REVOKED)
        if sealed.expires < now.date():
            raise PassRefusedError(Refusal.EXPIRED)
        if not key.usable(self.settings().site_key_grace_days, now):
            raise PassRefusedError(Refusal.KEY_RETIRED)
        return sealed

    def distance(self, code: str, member_no: str, probe: np.ndarray) -> float:
        """Distance between the probe and the template on the claimed member's pass (never shown)."""
        from kiosk.biometrics.engine import distance

        return distance(self.open(code, member_no).template, probe)

    # -- revocation ----------------------------------------------------------------------
    def is_revoked(self, sealed: SealedPass) -> bool:
        rows = self.store.query(
            "SELECT kind, revoked_at FROM pass_revocations WHERE (kind = 'consent' AND ref = ?) OR (kind = 'member' AND ref = ?)",
            (str(sealed.consent), sealed.member_no))
        issued = sealed.issued.isoformat(timespec="seconds")
        return any(kind == "consent" or issued <= at for kind, at in rows)

    def revoke(self, kind: str, ref: str, actor: str, at: str | None = None) -> bool:
        """Add one entry; a member entry refuses every pass of that member issued until now."""
        if kind not in ("consent", "member"):
            raise ValueError(kind)
        store = self.store
        with store.transaction() as c:
            old = c.execute("SELECT revoked_at FROM pass_revocations WHERE kind = ? AND ref = ?", (kind, ref)).fetchone()
            at = max(at or now_iso(), old[0]) if old else at or now_iso()
            c.execute("INSERT OR REPLACE INTO pass_revocations (kind, ref, revoked_at) VALUES (?, ?, ?)", (kind, ref, at))
        if old is None or old[0] != at:
            store.audit.append(AuditEvent.PASS_REVOKED, actor, ref if kind == "member" else None, kind=kind, ref=ref)
        return old is None

    def revoke_member(self, member_no: str, actor: str, consent_ids: Sequence[int] = (), pass_code: str | None = None) -> None:
        """Withdrawal: every pass of the member issued until now, the consents withdrawn here, and
        the consent on the pass shown (when one is), go on the list."""
        refs = {str(self.consent_ref(c)) for c in consent_ids}
        if pass_code:
            try:
                head = self.header(pass_code)
                key = self.keyring.get(head.key_id)
                if key is not None and head.member_no == member_no:
                    refs.add(str(pass_payload.unseal(head, key.secret).consent))
            except PassRefusedError:
                pass  # an unreadable pass adds nothing; the member entry still covers it
        for ref in sorted(refs):
            self.revoke("consent", ref, actor)
        self.revoke("member", member_no, actor)

    def revocations(self) -> list[tuple[str, str, str]]:
        return self.store.query("SELECT kind, ref, revoked_at FROM pass_revocations ORDER BY revoked_at, kind, ref")

    # -- carrying the list between kiosks ---------------------------------------------------
    def _mac(self, key_secret: bytes, entries: list) -> str:
        body = json.dumps(entries, sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(hashlib.sha256(b"kiosk pass revocations" + key_secret).digest(), body, hashlib.sha256).hexdigest()

    def export_revocations(self, out: Path, actor: str) -> int:
        """Write the list, authenticated with the site key (only the site's kiosks accept it)."""
        key = self.keyring.current(create=False)
        entries = [{"kind": k, "ref": r, "revoked_at": at} for k, r, at in self.revocations()]
        doc = {"format": REVOCATIONS_FORMAT, "version": 1, "key_id": key.name, "entries": entries,
               "mac": self._mac(key.secret, entries)}
        try:
            write_private(out, json.dumps(doc, indent=1))
        except OSError as exc:
            raise ExportError(f"Cannot write {out}: {exc.strerror or exc}.", remedy="Choose a folder you can write to.") from None
        self.store.audit.append(AuditEvent.REVOCATIONS_EXPORTED, actor, None, entries=len(entries))
        return len(entries)

    def import_revocations(self, path: Path, actor: str) -> int:
        """Add the entries of another kiosk's list (never removes any); returns how many were new."""
        bad = RevocationListError(f"{path} is not a revocation list of this site.",
                         remedy="Use a file made by 'kiosk revocations export' on a kiosk of this site.")
        # bounded: size and depth
        doc = read_json(Path(path), "a revocation list", max_bytes=MAX_REVOCATIONS_BYTES, error=RevocationListError)
        try:
            entries = doc["entries"]
            ok_shape = doc["format"] == REVOCATIONS_FORMAT and isinstance(entries, list)
            key = self.keyring.get(bytes.fromhex(doc["key_id"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise bad from None
        if not ok_shape or key is None or not hmac.compare_digest(str(doc.get("mac")), self._mac(key.secret, entries)):
            raise bad
        rows = []
        for e in entries:
            if not isinstance(e, dict) or e.get("kind") not in ("consent", "member") or not isinstance(e.get("ref"), str) \
                    or not isinstance(e.get("revoked_at"), str) or not 1 <= len(e["ref"]) <= 40 or len(e["revoked_at"]) > 40:
                raise bad
            rows.append((e["kind"], e["ref"], e["revoked_at"]))
        new = sum(self.revoke(kind, ref, actor, at) for kind, ref, at in rows)
        self.store.audit.append(AuditEvent.REVOCATIONS_IMPORTED, actor, None, entries=len(rows), new=new)
        return new
