"""Enrollment, 1:1 verification, duplicate check and deletion (fake engine)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from kiosk.biometrics.engine import Gallery, Mode, distances
from kiosk.biometrics.fake import draw_face, identity_vector
from kiosk.errors import ConsentError, DuplicateFaceError, EnrollmentError, FaceNotAllowedError
from tests.ui_helpers import enroll_encodings


def encodings(engine, hue, n=3):
    out = []
    for i in range(n):
        f = draw_face(hue, centre=(0.45 + 0.03 * i, 0.5))
        out.append(engine.encode(f, engine.detect(f, Mode.LIVE)[0]))
    return out


def enroll(k, member_no, hue, **consent):
    band = k.faces.age_band(member_no, True)
    return enroll_encodings(k, member_no, encodings(k.engine, hue), band, **consent).expires


def test_enroll_then_verify_one_to_one(kiosk_app):
    enroll(kiosk_app, "M001", 30)
    assert kiosk_app.faces.has_face("M001")
    assert kiosk_app.faces.verify("M001", encodings(kiosk_app.engine, 30, 1)[0]).matched
    assert not kiosk_app.faces.verify("M001", encodings(kiosk_app.engine, 120, 1)[0]).matched
    outcomes = [r.detail["outcome"] for r in kiosk_app.store.audit.records(event="verify")]
    assert outcomes == ["pass", "fail"]


def test_verify_compares_only_the_claimed_members_template(kiosk_app):
    enroll(kiosk_app, "M001", 30)
    enroll(kiosk_app, "M002", 120)
    # M002's face presented on M001's claim does not pass, although M002 is enrolled
    assert not kiosk_app.faces.verify("M001", encodings(kiosk_app.engine, 120, 1)[0]).matched


def test_verify_without_enrollment_is_refused(kiosk_app):
    with pytest.raises(FaceNotAllowedError):
        kiosk_app.faces.verify("M002", identity_vector(30))


def test_duplicate_face_on_another_pass_is_refused_and_audited(kiosk_app):
    enroll(kiosk_app, "M001", 30)
    with pytest.raises(DuplicateFaceError):
        enroll(kiosk_app, "M002", 30)
    assert kiosk_app.store.templates.info("M002") is None
    assert [r.subject for r in kiosk_app.store.audit.records(event="enroll_refused_duplicate")] == ["M002"]


def test_duplicate_check_can_be_switched_off(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(duplicate_check=False), "test")
    enroll(kiosk_app, "M001", 30)
    enroll(kiosk_app, "M002", 30)
    assert kiosk_app.store.templates.count() == 2


def test_re_enrolling_the_same_member_is_not_a_duplicate(kiosk_app):
    enroll(kiosk_app, "M001", 30)
    enroll(kiosk_app, "M001", 30)
    assert kiosk_app.store.templates.count() == 1


def test_disagreeing_frames_are_refused(kiosk_app):
    mixed = encodings(kiosk_app.engine, 30, 2) + encodings(kiosk_app.engine, 120, 2)
    with pytest.raises(EnrollmentError, match="do not agree"):
        kiosk_app.faces.build_template(mixed)


def test_template_from_agreeing_frames_drops_an_outlier(kiosk_app):
    encs = encodings(kiosk_app.engine, 30, 4) + encodings(kiosk_app.engine, 120, 1)
    t = kiosk_app.faces.build_template(encs)
    assert np.linalg.norm(t - identity_vector(30)) < 0.05


def test_under_14_cannot_consent_alone(kiosk_app):
    assert kiosk_app.faces.age_band("M003", None) == "under_14"  # birth date known
    face = encodings(kiosk_app.engine, 60)
    with pytest.raises(ConsentError):
        enroll_encodings(kiosk_app, "M003", face, "under_14")
    assert kiosk_app.store.consents.for_member("M003") == []
    cid = enroll_encodings(kiosk_app, "M003", face, "under_14", guardian_ref="M004",
                           guardian_name="Dan Guardian").consent_id
    c = kiosk_app.store.consents.get(cid)
    assert c.given_by == "guardian" and c.guardian_ref == "M004" and c.age_band == "under_14"
    assert len(c.notice_sha256) == 64


def test_age_is_asked_only_without_birth_date(kiosk_app):
    with pytest.raises(ConsentError):
        kiosk_app.faces.age_band("M002", None)
    assert kiosk_app.faces.age_band("M002", True) == "14_or_older"
    assert kiosk_app.faces.age_band("M001", None) == "14_or_older"


def test_forget_deletes_template_and_withdraws_consent(kiosk_app):
    enroll(kiosk_app, "M001", 30)
    cid = kiosk_app.store.templates.info("M001").consent_id
    assert kiosk_app.faces.forget("M001")
    assert kiosk_app.store.templates.get("M001") is None
    assert not kiosk_app.faces.has_face("M001")
    assert kiosk_app.store.consents.get(cid).withdrawn_at is not None
    assert len(kiosk_app.store.templates.gallery()) == 0


def test_private_site_blocks_face_but_not_pin(kiosk_app):
    enroll(kiosk_app, "M001", 30)
    kiosk_app.save_settings(kiosk_app.settings.replace(site_type="changing_room"), "test")
    assert not kiosk_app.faces.has_face("M001")
    with pytest.raises(FaceNotAllowedError, match="not allowed"):
        kiosk_app.faces.verify("M001", identity_vector(30))
    with pytest.raises(FaceNotAllowedError):
        enroll(kiosk_app, "M002", 90)
    assert kiosk_app.pins.check("M001", "1234")


def test_verification_extends_idle_expiry_but_never_past_the_pass(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(idle_retention_days=30), "test")
    enroll(kiosk_app, "M001", 30)
    first = kiosk_app.store.templates.info("M001")
    later = datetime.now(timezone.utc) + timedelta(days=2)
    kiosk_app.faces.clock = lambda: later  # two days on, without waiting for them
    kiosk_app.faces.verify("M001", encodings(kiosk_app.engine, 30, 1)[0])
    second = kiosk_app.store.templates.info("M001")
    assert second.last_used > first.last_used and second.expires > first.expires
    assert second.expires <= "2031-01-31"  # pass ends 2030-12-31, grace 30 days


def test_duplicate_check_is_vectorised_over_large_gallery(kiosk_app):
    rng = np.random.default_rng(0)
    gallery = rng.normal(size=(20_000, 128)).astype(np.float32)
    store = kiosk_app.store  # a cached gallery of 20,000 (the database is unchanged, so it stays)
    store.templates._gallery = (store.version(), Gallery([f"G{i}" for i in range(len(gallery))], gallery))
    probe = gallery[12345] + 0.001
    assert kiosk_app.faces.duplicate_of(probe) == "G12345"
    assert kiosk_app.faces.duplicate_of(probe, exclude="G12345") is None
    member_no, dist = kiosk_app.store.templates.gallery().nearest(gallery[7] + 0.3)
    assert member_no == "G7"
    assert dist == pytest.approx(float(distances(gallery, gallery[7] + 0.3).min()), rel=1e-4)


def test_a_photo_that_becomes_a_template_is_encoded_with_its_mirror_image(kiosk_app):
    """Enrollment from a photo averages the engine's enrollment encodings of the face and of the
    photo flipped left to right (its box flipped with it); checking a photo encodes it once."""
    engine, seen = kiosk_app.engine, []
    encode = engine.encode

    def recording(frame, box, mode=Mode.LIVE):
        seen.append((frame.copy(), box, mode))
        return encode(frame, box, mode)

    engine.encode = recording
    photo = draw_face(30, centre=(0.4, 0.5))
    kiosk_app.faces.encode_still(photo)
    assert [m for _, _, m in seen] == [Mode.STILL]
    seen.clear()
    template = kiosk_app.faces.encode_still(photo, Mode.ENROLL)
    (face, box, m1), (flipped, flipped_box, m2) = seen
    w = photo.shape[1]
    assert m1 is m2 is Mode.ENROLL
    assert np.array_equal(face, photo) and np.array_equal(flipped, photo[:, ::-1])
    assert flipped_box == (box[0], w - box[3], box[2], w - box[1])
    parts = np.stack([encode(face, box, Mode.ENROLL), encode(flipped, flipped_box, Mode.ENROLL)])
    assert not np.allclose(parts[0], parts[1])  # two different encodings went into it
    mean = parts.mean(axis=0)
    assert np.allclose(template, mean / np.linalg.norm(mean) * np.linalg.norm(parts, axis=1).mean(), atol=1e-6)
