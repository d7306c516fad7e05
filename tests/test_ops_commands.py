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
from kiosk.errors import KioskError, PassRefusedError
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


def pass_mode_enrolled(k):
    k.save_settings(k.settings.replace(template_storage="pass", operator_name="Zoo", operator_contact="desk"), "test")
    f = draw_face(40)
    enc = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    draft = consent_given_in_person(k, "M001", declared_14_or_older=True, method="test")
    code = ops.enroll_with_consent(k, CLI, draft, [enc, enc, enc]).pass_code
    assert code is not None
    return code


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
    code = pass_mode_enrolled(k)
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



def test_site_keys_are_managed_by_administrators_and_audited(kiosk_app, tmp_path):
    k, out = kiosk_app, tmp_path / "site.keys"
    pass_mode_enrolled(k)
    for call in (lambda: ops.site_keys(k, OPERATOR), lambda: ops.rotate_site_key(k, OPERATOR),
                 lambda: ops.export_site_keys(k, OPERATOR, out, "violet otters juggle lanterns"),
                 lambda: ops.import_site_keys(k, OPERATOR, out, "violet otters juggle lanterns")):
        refused_unchanged(k, call)
    assert not out.exists()
    [first] = ops.site_keys(k, ADMIN)
    rotation = ops.rotate_site_key(k, ADMIN)
    assert rotation.grace_days == k.settings.site_key_grace_days and rotation.current.retired is None
    keys = ops.site_keys(k, ADMIN)
    assert [key.name for key in keys] == [first.name, rotation.current.name] and keys[0].retired is not None
    assert not any(hasattr(key, "secret") for key in keys)
    assert ops.export_site_keys(k, ADMIN, out, "violet otters juggle lanterns") == 2
    again = ops.import_site_keys(k, ADMIN, out, "violet otters juggle lanterns")  # its own keys: nothing changes
    assert again.current.name == rotation.current.name and not again.changed
    rotated, exported, imported = (records(k, e)[-1] for e in ("site_key_rotated", "site_key_exported", "site_key_imported"))
    assert (rotated.actor, rotated.detail["current"], rotated.detail["grace_days"]) == (
        "Ada Admin", rotation.current.name, rotation.grace_days)
    assert (exported.detail["keys"], imported.detail["current"]) == (2, rotation.current.name)


def test_a_face_pass_is_printed_only_for_its_own_member_and_audited(kiosk_app, tmp_path):
    k = kiosk_app
    code = pass_mode_enrolled(k)
    refused_unchanged(k, lambda: ops.print_face_pass(k, OPERATOR, "M001", code, tmp_path / "pass.png"))
    with pytest.raises(PassRefusedError):
        ops.print_face_pass(k, ADMIN, "M002", code, tmp_path / "other.png")
    assert not (tmp_path / "other.png").exists() and not records(k, "pass_printed")
    printed = ops.print_face_pass(k, ADMIN, "M001", code, tmp_path / "pass.png")
    assert printed.member_no == "M001" and (tmp_path / "pass.png").stat().st_size > 0
    [record] = records(k, "pass_printed")
    assert (record.actor, record.subject, record.detail["consent_ref"]) == ("Ada Admin", "M001", printed.consent_ref)


def test_the_revocation_list_is_read_by_administrators(kiosk_app):
    k = kiosk_app
    pass_mode_enrolled(k)
    refused_unchanged(k, lambda: ops.revocation_list(k, OPERATOR))
    assert ops.revocation_list(k, ADMIN) == ()
    ops.revoke_face(k, ADMIN, "M001")
    revoked = ops.revocation_list(k, ADMIN)
    assert ("member", "M001") in {(r.kind, r.ref) for r in revoked}


def calibration(threshold, impostors=1377, genuine=300):
    return ops.Calibration(threshold, "FAR <= 0.1%", genuine, impostors, 2, 0.95, 0.99)


def test_a_calibrated_threshold_and_its_reasons_are_one_audited_change(kiosk_app, monkeypatch):
    k = kiosk_app
    old = k.settings.match_threshold
    refused_unchanged(k, lambda: ops.apply_calibrated_threshold(k, OPERATOR, calibration(0.5)))
    for too_few in (calibration(0.5, impostors=999), calibration(0.5, genuine=49), calibration(None)):
        with pytest.raises(KioskError, match="Too few pairs"):
            ops.apply_calibrated_threshold(k, ADMIN, too_few)
    assert k.settings.match_threshold == old and not records(k, "setting_changed")
    result = ops.apply_calibrated_threshold(k, ADMIN, calibration(0.5))
    assert result == ops.ThresholdResult(old, 0.5) and k.settings.match_threshold == 0.5
    [changed], [why] = records(k, "setting_changed"), records(k, "threshold_calibrated")
    assert (changed.actor, changed.subject, why.actor) == ("Ada Admin", "match_threshold", "Ada Admin")
    assert (why.detail["new"], why.detail["impostor_pairs"], why.detail["generalised_tar_at_far_0_001"]) == (0.5, 1377, 0.95)

    append = k.store.audit.append

    def reasons_fail(event, *args, **kwargs):
        if event == "threshold_calibrated":
            raise RuntimeError("disk full")
        return append(event, *args, **kwargs)

    monkeypatch.setattr(k.store.audit, "append", reasons_fail)  # the reasons cannot be written: nothing changes
    with pytest.raises(RuntimeError):
        ops.apply_calibrated_threshold(k, ADMIN, calibration(0.45))
    monkeypatch.undo()
    assert k.store.settings.load().match_threshold == 0.5 and len(records(k, "setting_changed")) == 1


def test_members_are_counted_for_staff_who_may_search_them(kiosk_app):
    refused_unchanged(kiosk_app, lambda: ops.count_members(kiosk_app, ops.Actor.visitor("M001")))
    assert ops.count_members(kiosk_app, OPERATOR) == 4
    ops.set_member_active(kiosk_app, ADMIN, "M001", False)
    assert ops.count_members(kiosk_app, OPERATOR) == 4  # the list, active or not
