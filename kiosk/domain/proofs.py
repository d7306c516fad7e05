"""Proofs of who the visitor is (Qt-free).

A proof says that the visitor in front of the kiosk showed, at one moment, that they are
one member: their PIN was accepted, or their face matched (or was just enrolled, live, after
the PIN). Only an operation that checked something issues one, through the kiosk's
:class:`ProofLedger`; a screen only carries it. A proof belongs to the member it names and
to no one else, lapses after the keypad time limit (the time a keypad screen keeps a silent
visitor before starting over), and admits once: the operation that checks a visitor in
spends it. A shown pass names a member but proves nothing.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

from kiosk.errors import ProofRefusedError

__all__ = ["Proof", "ProofLedger", "ProofMethod", "ProofRefusedError", "keypad_limit"]


class ProofMethod(str, Enum):
    PIN = "pin"
    FACE = "face"


@dataclass(frozen=True)
class Proof:
    """``at``: the ledger's monotonic clock when it was issued. The token is what the ledger
    knows it by; it is never shown or logged."""

    member_no: str
    method: ProofMethod
    at: float
    token: str = field(default="", repr=False)

    def fresh(self, now: float, lifetime_s: float) -> bool:
        return 0 <= now - self.at <= lifetime_s


def keypad_limit(settings) -> float:
    """How long a proof holds: a keypad screen's inactivity limit plus its "Are you still
    there?" countdown, the longest a silent visitor keeps a keypad screen."""
    return float(settings.inactivity_s) + float(settings.still_there_s)


class ProofLedger:
    """The proofs this kiosk issued and that are still unspent (in memory: a restart drops them)."""

    def __init__(self, lifetime_s: Callable[[], float], clock: Callable[[], float] = time.monotonic) -> None:
        self.lifetime_s = lifetime_s
        self.clock = clock
        self._held: dict[str, Proof] = {}
        self._lock = threading.Lock()

    def issue(self, member_no: str, method: ProofMethod, *, spent: bool = False) -> Proof:
        """A new proof of ``member_no``. ``spent``: the issuing operation already checked the
        visitor in (the proof only shows the screens who it was), so it admits no one again."""
        proof = Proof(member_no, method, self.clock(), secrets.token_urlsafe(16))
        if spent:
            return proof
        with self._lock:
            self._drop_lapsed()
            self._held[proof.token] = proof
        return proof

    def check(self, proof: Proof | None, member_no: str) -> Proof:
        """The proof this ledger issued for ``member_no``, unspent and not lapsed; else refused."""
        with self._lock:
            return self._valid(proof, member_no)

    def spend(self, proof: Proof | None, member_no: str) -> Proof:
        """As :meth:`check`, and the proof admits no one again."""
        with self._lock:
            held = self._valid(proof, member_no)
            del self._held[held.token]
            return held

    def _valid(self, proof: Proof | None, member_no: str) -> Proof:
        held = self._held.get(proof.token) if proof is not None and proof.token else None
        if held is None or held != proof:
            raise ProofRefusedError("This visit has no confirmed PIN or face for that member.",
                                    remedy="Confirm it is you with your PIN.")
        if held.member_no != member_no:
            raise ProofRefusedError("That confirmation belongs to another member.",
                                    remedy="Confirm it is you with your PIN.")
        if not held.fresh(self.clock(), self.lifetime_s()):
            del self._held[held.token]
            raise ProofRefusedError("The confirmation has lapsed.", remedy="Confirm it is you with your PIN again.")
        return held

    def _drop_lapsed(self) -> None:
        now, lifetime = self.clock(), self.lifetime_s()
        for token in [t for t, p in self._held.items() if not p.fresh(now, lifetime)]:
            del self._held[token]
