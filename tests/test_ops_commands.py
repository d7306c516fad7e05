"""Operations behind the command line: each checks the actor's permission itself, commits its
audit record with its change, and returns a frozen result. The command line acts as an
administrator, except where a member is checked at the desk: then the member acts for
themselves, with "cli" as the channel the audit trail names."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk import ops
from kiosk.app import create
from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import draw_face
from kiosk.config import Paths
from kiosk.domain.consent import consent_given_in_person
from kiosk.domain.staff import PermissionDeniedError
from kiosk.errors import PassRefusedError
from tests.ui_helpers import enroll_fake_face

CLI = ops.Actor.cli()
OPERATOR = ops.Actor(ops.ActorRole.OPERATOR, "Otto Operator")
ADMIN = ops.Actor(ops.ActorRole.ADMINISTRATOR, "Ada Admin")


def records(k, event):
    return list(k.store.audit.records(event=event))


def refused_unchanged(k, call):
    before = k.store.audit.count()
    with pytest.raises(PermissionDeniedError):
        call()
    assert k.store.audit.count() == before


def test_a_member_checked_at_the_desk_acts_for_themselves_only(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k, "M001", hue=40)
    desk = ops.Actor.at_desk("M001")
    assert (desk.role, desk.name, desk.member_no) == (ops.ActorRole.VISITOR, "cli", "M001")
    result = ops.verify_face(k, desk, "M001", k.faces.encode_still(draw_face(40)))
    assert result == ops.FaceAttemptResult("M001", ops.FaceAttempt.MATCH)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = ops.FaceAttempt.NO_MATCH  # type: ignore[misc]
    assert ops.verify_face(k, desk, "M001", k.faces.encode_still(draw_face(200))).outcome is ops.FaceAttempt.NO_MATCH
    [match, miss] = records(k, "verify")
    assert (match.actor, match.subject, match.detail["outcome"], miss.detail["outcome"]) == ("cli", "M001", "pass", "fail")
    probe = k.faces.encode_still(draw_face(40))
    refused_unchanged(k, lambda: ops.verify_face(k, desk, "M002", probe))  # another member
    refused_unchanged(k, lambda: ops.verify_face(k, CLI, "M001", probe))  # administrators never check faces


def test_a_refused_face_pass_is_audited_before_the_face_is_looked_at(kiosk_app):
    k = kiosk_app
    k.save_settings(k.settings.replace(template_storage="pass", operator_name="Zoo", operator_contact="desk"), "test")
    f = draw_face(40)
    enc = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    draft = consent_given_in_person(k, "M001", declared_14_or_older=True, method="test")
    code = ops.enroll_with_consent(k, CLI, draft, [enc, enc, enc]).pass_code
    assert code is not None
    checked = ops.check_face_pass(k, ops.Actor.at_desk("M001"), "M001", code)
    assert checked.member_no == "M001" and checked.consent_ref
    with pytest.raises(PassRefusedError):
        ops.check_face_pass(k, ops.Actor.at_desk("M002"), "M002", code)  # M001's pass shown for M002
    [refused] = [r for r in records(k, "verify") if r.detail["outcome"] == "refused"]
    assert (refused.actor, refused.subject, refused.detail["reason"]) == ("cli", "M002", "other_member")
    refused_unchanged(k, lambda: ops.check_face_pass(k, ops.Actor.at_desk("M002"), "M001", code))


def test_staff_accounts_are_added_by_administrators_and_audited_with_their_name(kiosk_app):
    k = kiosk_app
    refused_unchanged(k, lambda: ops.add_staff(k, OPERATOR, "Eve", "administrator", "123456"))
    refused_unchanged(k, lambda: ops.list_staff(k, OPERATOR))
    member = ops.add_staff(k, ADMIN, "Olga", "operator", "654321")
    assert [m.name for m in ops.list_staff(k, ADMIN)] == ["Olga"] and member.role == "operator"
    [added] = records(k, "staff_added")
    assert (added.actor, added.subject, added.detail["role"]) == ("Ada Admin", "Olga", "operator")


def test_an_anchor_written_and_read_back_vouches_for_the_trail(kiosk_app, tmp_path):
    k, out = kiosk_app, tmp_path / "anchor.json"
    refused_unchanged(k, lambda: ops.export_audit_anchor(k, OPERATOR, out))
    assert not out.exists()
    anchor = ops.export_audit_anchor(k, ADMIN, out)
    assert anchor.line == f"record {anchor.seq}, head hash {anchor.head_hash}"
    assert records(k, "audit_anchor_exported")[-1].detail["seq"] == anchor.seq
    read = ops.read_audit_anchor(out)
    assert (read.seq, read.hash) == (anchor.seq, anchor.head_hash)
    assert ops.verify_audit(k, ADMIN, read).ok


def test_the_audit_key_is_rotated_by_administrators(kiosk_app):
    k = kiosk_app
    refused_unchanged(k, lambda: ops.rotate_audit_key(k, OPERATOR))
    old = k.store.audit_keys.current_id
    result = ops.rotate_audit_key(k, ADMIN)
    assert result.key_id == old + 1 and result.key_ring == k.store.audit_keys.path
    [rotated] = records(k, "audit_key_rotated")
    assert (rotated.actor, rotated.detail["to_key"]) == ("Ada Admin", result.key_id)
    assert k.store.audit.report().ok


def test_a_restore_is_for_administrators_and_is_recorded_in_the_restored_file(kiosk_app, tmp_path, data_dir):
    k = kiosk_app
    copy = ops.backup_database(k, ADMIN, tmp_path / "backup.db")
    k.store.members.set_active("M001", False)
    k.close()
    paths = Paths(data_dir)
    with pytest.raises(PermissionDeniedError):
        ops.restore_database(paths, OPERATOR, copy)
    assert not list(data_dir.glob("kiosk.db.bak-*"))  # refused before anything was touched
    result = ops.restore_database(paths, ADMIN, copy)
    assert result.previous is not None and result.records > 0
    again = create(data_dir, engine=k.engine)
    try:
        assert again.store.members.get("M001").active  # the backup's state
        started, restored = records(again, "restore_started")[-1], records(again, "restored")[-1]
        assert (started.actor, restored.actor, restored.detail["intent"]) == ("Ada Admin", "Ada Admin", started.seq)
        assert again.store.audit.report().ok
    finally:
        again.close()
