"""What the command line reads and encodes at the desk goes through operations too: whether a
member can be checked by face, a photo's encoding, the notice printed for a member, the consent
given on it in person and what the open database is. Each checks the actor; none writes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kiosk import ops
from kiosk.domain.staff import PermissionDeniedError
from kiosk.errors import FaceNotAllowedError, KioskError, NotFoundError
from tests.ui_helpers import enroll_fake_face

VISITOR = ops.Actor.visitor("M001")
OPERATOR = ops.Actor(ops.ActorRole.OPERATOR, "Otto Operator")
CLI = ops.Actor.cli()


@pytest.mark.parametrize("call", [
    lambda k, p: ops.face_availability(k, VISITOR, "M002", ops.FaceFlow.VERIFY),  # another member
    lambda k, p: ops.face_availability(k, OPERATOR, "M001", ops.FaceFlow.ENROLL),
    lambda k, p: ops.photo_encoding(k, VISITOR, "M002", p, ops.FaceFlow.VERIFY),
    lambda k, p: ops.photo_encoding(k, OPERATOR, "M001", p, ops.FaceFlow.ENROLL),
    lambda k, p: ops.notice_at_desk(k, VISITOR, "M002", "en"),
    lambda k, p: ops.notice_at_desk(k, OPERATOR, "M001", "en"),
    lambda k, p: ops.database_info(k, VISITOR),
    lambda k, p: ops.consent_in_person(k, VISITOR, "M002", declared_14_or_older=True, method="staff_cli"),
    lambda k, p: ops.consent_in_person(k, OPERATOR, "M001", declared_14_or_older=True, method="staff_cli"),
])
def test_each_desk_operation_checks_the_actor(kiosk_app, tmp_path, call):
    photo = tmp_path / "missing.jpg"  # refused before the file is looked at
    with pytest.raises(PermissionDeniedError):
        call(kiosk_app, photo)


def test_face_availability_says_whether_the_member_is_enrolled(kiosk_app):
    k = kiosk_app
    assert ops.face_availability(k, VISITOR, "M001", ops.FaceFlow.VERIFY) == ops.FaceAvailability("M001", False)
    enroll_fake_face(k, "M001")
    status = ops.face_availability(k, VISITOR, "M001", ops.FaceFlow.VERIFY)
    assert status.enrolled
    with pytest.raises(dataclasses.FrozenInstanceError):
        status.enrolled = False  # type: ignore[misc]
    assert not ops.face_availability(k, CLI, "NOPE", ops.FaceFlow.ENROLL).enrolled  # an unknown member has no face
    ops.revoke_face(k, CLI, "M001")
    assert not ops.face_availability(k, CLI, "M001", ops.FaceFlow.ENROLL).enrolled


def test_face_availability_refuses_where_face_is_not_used(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k, "M001")
    k.save_settings(k.settings.replace(face_enabled=False), "test")
    before = k.store.audit.count()
    with pytest.raises(FaceNotAllowedError, match="switched off"):
        ops.face_availability(k, CLI, "M001", ops.FaceFlow.ENROLL)
    assert k.store.audit.count() == before


def test_the_desk_notice_is_the_one_consent_in_person_records(kiosk_app):
    k = kiosk_app
    notice = ops.notice_at_desk(k, CLI, "M001", "zh_CN")
    assert notice.language == "zh_CN" and "M001" in notice.text
    draft = ops.consent_in_person(k, CLI, "M001", declared_14_or_older=True, method="staff_cli", language="zh_CN")
    assert (draft.notice_version, draft.notice_sha256) == (notice.version, notice.sha256)
    assert (draft.member_no, draft.language, draft.method, draft.given_by) == ("M001", "zh_CN", "staff_cli", "self")
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.method = "kiosk"  # type: ignore[misc]
    child = ops.consent_in_person(k, CLI, "M003", declared_14_or_older=True, method="staff_cli",
                                  guardian_ref="member:M004", guardian_name="Dan Guardian")
    assert (child.age_band, child.given_by) == ("under_14", "guardian")  # the birth date wins over the answer
    assert k.store.consents.for_member("M001") == [] == k.store.consents.for_member("M003")  # nothing stored yet
    with pytest.raises(NotFoundError):
        ops.notice_at_desk(k, CLI, "NOPE", "en")


def test_database_info_names_the_key_source_never_the_key(kiosk_app):
    info = ops.database_info(kiosk_app, OPERATOR)
    assert info.schema_version == kiosk_app.store.schema_version > 0
    assert info.key_source == kiosk_app.store.key_source
    assert kiosk_app.paths.default_key_file.read_text().strip() not in repr(info)


def test_an_unreadable_photo_is_one_clear_error(kiosk_app, tmp_path):
    bad = tmp_path / "notimage.jpg"
    bad.write_bytes(b"hello")
    with pytest.raises(KioskError) as err:
        ops.photo_encoding(kiosk_app, CLI, "M001", bad, ops.FaceFlow.ENROLL)
    assert err.value.remedy


def test_a_photo_is_encoded_for_enrollment_or_for_a_check(data_dir, dlib_engine, faces):
    from kiosk.app import create
    from kiosk.biometrics.engine import distance

    with create(data_dir, engine=dlib_engine, init=True) as k:
        photo, before = faces / "obama.jpg", k.store.audit.count()
        enrolled = ops.photo_encoding(k, CLI, "M001", photo, ops.FaceFlow.ENROLL)
        checked = ops.photo_encoding(k, ops.Actor.at_desk("M001"), "M001", photo, ops.FaceFlow.VERIFY)
        assert enrolled.shape == checked.shape == (128,)
        assert not np.array_equal(enrolled, checked)  # the enrollment encoding: jittered, with its mirror image
        assert distance(enrolled, checked) < k.settings.match_threshold
        assert k.store.audit.count() == before  # encoding writes nothing
