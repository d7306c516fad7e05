"""The claim and the live face check as operations: the claim is a visitor's, typed, frozen and
writes nothing; a live frame is judged for the claimed member only and writes nothing. The
screens and camera jobs reach both (and every store, face or pass service) through kiosk.ops."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from kiosk import ops
from kiosk.biometrics.engine import Match, Mode
from kiosk.biometrics.fake import draw_face
from kiosk.domain.staff import PermissionDeniedError
from kiosk.errors import NotFoundError
from tests.ui_helpers import ALICE_HUE, enroll_fake_face

VISITOR = ops.Actor.visitor(None)  # nobody claimed yet
OPERATOR = ops.Actor(ops.ActorRole.OPERATOR, "Otto Operator")
UI = Path(__file__).resolve().parents[1] / "kiosk" / "ui"


def probe(k, hue: int):
    frame = draw_face(hue)
    return k.engine.encode(frame, k.engine.detect(frame, Mode.LIVE)[0])


def test_a_claim_is_a_frozen_typed_result_and_writes_nothing(kiosk_app):
    before = kiosk_app.store.audit.count()
    claim = ops.lookup_claim(kiosk_app, VISITOR, " CARD001 ")
    assert isinstance(claim, ops.ClaimResult) and claim.member_no == "M001" and claim.is_child is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.member_no = "M002"  # type: ignore[misc]
    with pytest.raises(NotFoundError):
        ops.lookup_claim(kiosk_app, VISITOR, "nobody")
    assert kiosk_app.store.audit.count() == before and not kiosk_app.store.in_transaction


@pytest.mark.parametrize("actor", [OPERATOR, ops.Actor.cli(), ops.Actor.system()])
def test_only_a_visitor_claims(kiosk_app, actor):
    with pytest.raises(PermissionDeniedError):
        ops.lookup_claim(kiosk_app, actor, "M001")


def test_a_live_frame_is_judged_for_the_claimed_member_only_and_writes_nothing(kiosk_app):
    enroll_fake_face(kiosk_app, "M001")
    before = kiosk_app.store.audit.count()
    alice = ops.Actor.visitor("M001")
    assert ops.judge_face(kiosk_app, alice, "M001", probe(kiosk_app, ALICE_HUE)) in (Match.YES, Match.SURE)
    assert ops.judge_face(kiosk_app, alice, "M001", probe(kiosk_app, 160)) is Match.NO
    with pytest.raises(PermissionDeniedError):
        ops.judge_face(kiosk_app, ops.Actor.visitor("M002"), "M001", probe(kiosk_app, ALICE_HUE))
    with pytest.raises(PermissionDeniedError):
        ops.judge_face(kiosk_app, OPERATOR, "M001", probe(kiosk_app, ALICE_HUE))
    assert kiosk_app.store.audit.count() == before and not kiosk_app.store.in_transaction


# Screens, camera jobs and the window reach the kiosk's services only through kiosk.ops. The
# screenshot helpers seed example records (alerts, a pass-mode setting) for the pictures.
SERVICES = {"store", "faces", "passes", "pins"}
SEEDING = {"shots.py", "visitor_shots.py"}
USE_CASES = {"lookup_claim", "judge", "is_match", "verify", "enroll", "forget"}


def service_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Attribute) and node.attr in SERVICES and path.name not in SEEDING:
            found.append(f"{path.name}:{node.lineno} reaches .{node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            through_ops = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "ops"
            if name in USE_CASES and not through_ops:
                found.append(f"{path.name}:{node.lineno} calls {name}() outside kiosk.ops")
    return found


def test_screens_and_jobs_reach_the_kiosk_through_operations_only():
    found = [line for path in sorted(UI.rglob("*.py")) for line in service_calls(path)]
    assert not found, found


def test_the_scan_sees_a_direct_lookup_and_a_direct_face_check(tmp_path):
    """The check above would catch the claim screen calling the domain again, or a job judging
    a frame on the face service itself."""
    page = tmp_path / "claim.py"
    page.write_text("def submit(self, kiosk, text):\n    return lookup_claim(kiosk, text)\n")
    job = tmp_path / "jobs.py"
    job.write_text("def judge(kiosk, enc):\n    return kiosk.faces.judge('M001', enc)\n")
    fine = tmp_path / "face.py"
    fine.write_text("def judge(kiosk, a, enc):\n    return ops.judge_face(kiosk, a, 'M001', enc)\n")
    assert service_calls(page) == ["claim.py:2 calls lookup_claim() outside kiosk.ops"]
    assert len(service_calls(job)) == 2 and service_calls(fine) == []
