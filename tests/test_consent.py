"""Consent-first enrollment, the guardian path, My data and deletion (Qt-free, fake engine)."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import draw_face
from kiosk.domain.consent import EnrollmentFlow, EnrollmentReceipt, enrollment_offered
from kiosk.domain.guardian import (
    GuardianNameError,
    GuardianNotAdultError,
    GuardianPassInvalidError,
    GuardianSameAsChildError,
)
from kiosk.domain.members import import_members
from kiosk.domain.mydata import DeletionReceipt, MyData, my_data
from kiosk.domain.proofs import ProofMethod
from kiosk.errors import ConsentError, DuplicateFaceError, FaceNotAllowedError, LockedOutError, PinError
from kiosk.ops import Actor, forget_face
from kiosk.ops import complete_enrollment as complete


@pytest.fixture
def k(kiosk_app):
    kiosk_app.save_settings(
        kiosk_app.settings.replace(operator_name="Sunny Zoo Ltd", operator_contact="privacy@zoo.example"), "test"
    )
    return kiosk_app


def encodings(engine, hue, n=3):
    out = []
    for i in range(n):
        f = draw_face(hue, centre=(0.45 + 0.03 * i, 0.5))
        out.append(engine.encode(f, engine.detect(f, Mode.LIVE)[0]))
    return out


def shown(k, member_no, lang="en"):
    flow = EnrollmentFlow(k, member_no)
    flow.show_notice(lang)
    return flow


def agreed(k, member_no, lang="en"):
    flow = shown(k, member_no, lang)
    flow.agree()
    return flow


def guardian_agrees(flow, lang="en"):
    """After the parent or guardian identified: the notice addressed to them, then their answer."""
    flow.show_notice(lang)
    flow.agree()
    return flow


def only_plain_values(obj) -> bool:
    def plain(v) -> bool:
        if isinstance(v, (list, tuple)):
            return all(plain(x) for x in v)
        if isinstance(v, dict):
            return all(plain(x) for x in v.values())
        return v is None or isinstance(v, (str, int, bool))

    return plain(dataclasses.asdict(obj))


# -- adults ---------------------------------------------------------------------------
def test_adult_with_known_birth_date_consents_and_enrolls(k):
    flow = agreed(k, "M001")
    assert not flow.needs_age_question and not flow.needs_guardian and flow.ready
    receipt = complete(k, flow, encodings(k.engine, 30))
    assert isinstance(receipt, EnrollmentReceipt) and only_plain_values(receipt)
    assert receipt.stored == "face_template" and receipt.given_by == "self" and receipt.guardian_name is None
    c = k.store.consents.get(receipt.consent_id)
    assert c.given_by == "self" and c.age_band == "14_or_older" and c.method == "kiosk" and c.withdrawn_at is None
    assert c.notice_sha256 == flow.notice.sha256 and c.notice_version == flow.notice.version
    assert c.given_at == flow.agreed_at
    assert k.faces.has_face("M001") and k.store.templates.info("M001").consent_id == c.id
    assert receipt.expires == k.faces.expiry_for("M001")[:10]


def test_consent_records_the_language_and_hash_of_the_notice_shown(k):
    flow = EnrollmentFlow(k, "M001")
    flow.show_notice("en")
    zh = flow.show_notice("zh_CN")  # the visitor switched language before agreeing
    flow.agree()
    c = k.store.consents.get(complete(k, flow, encodings(k.engine, 30)).consent_id)
    assert c.language == "zh_CN" and c.notice_sha256 == zh.sha256


def test_nothing_is_stored_without_agreeing(k):
    flow = EnrollmentFlow(k, "M001")
    flow.show_notice("en")
    with pytest.raises(ConsentError):
        flow.check_ready()
    with pytest.raises(ConsentError):
        complete(k, flow, encodings(k.engine, 30))
    with pytest.raises(ConsentError):
        EnrollmentFlow(k, "M001").agree()  # no notice shown
    assert k.store.consents.for_member("M001") == [] and k.store.templates.count() == 0


def test_age_is_asked_only_without_a_birth_date_and_before_the_answer(k):
    flow = shown(k, "M002")
    assert flow.needs_age_question and not flow.ready
    with pytest.raises(ConsentError, match="age"):
        flow.agree()  # the age comes first
    assert flow.declare_age(True) == "14_or_older"
    flow.agree()
    assert flow.ready
    child = shown(k, "M003")
    assert not child.needs_age_question and child.is_child
    assert child.declare_age(True) == "under_14"  # the birth date wins over a declaration


def test_guardian_first_then_the_notice_for_the_parent_then_the_answer(k):
    flow = EnrollmentFlow(k, "M003")  # born 2018: a child
    flow.show_notice("en")
    assert flow.notice.for_guardian and "parent or guardian of pass M003" in flow.notice.intro
    assert "your child's face" in flow.notice.section("stored").body
    with pytest.raises(ConsentError, match="cannot consent alone"):
        flow.agree()  # the child cannot say yes before a guardian identified
    flow.guardian_by_member("M004", "1234")
    assert not flow.agreed  # identifying is not agreeing
    flow.agree()
    assert flow.ready and flow.draft().guardian_name == "Dan Guardian"
    adult = shown(k, "M001")
    assert not adult.notice.for_guardian and adult.notice.sha256 != flow.notice.sha256
    declared = shown(k, "M002")  # no birth date: declared under 14 after an adult notice was shown
    declared.declare_age(False)
    declared.guardian_by_member("M004", "1234")
    with pytest.raises(ConsentError, match="notice"):
        declared.agree()  # the notice shown was not the one for the parent
    guardian_agrees(declared)
    assert declared.ready


# -- children -------------------------------------------------------------------------
def test_under_14_without_guardian_cannot_be_captured(k):
    flow = shown(k, "M002")
    flow.declare_age(False)
    assert flow.needs_guardian and not flow.ready
    with pytest.raises(ConsentError, match="cannot consent alone"):
        flow.check_ready()
    with pytest.raises(ConsentError):
        complete(k, flow, encodings(k.engine, 30))
    assert k.store.consents.for_member("M002") == [] and k.store.templates.count() == 0


def test_guardian_with_own_number_and_pin_gives_consent(k):
    flow = shown(k, "M003")
    g = flow.guardian_by_member("M004", "1234")
    assert (g.ref, g.name, g.via) == ("member:M004", "Dan Guardian", "member")
    guardian_agrees(flow)
    receipt = complete(k, flow, encodings(k.engine, 60))
    c = k.store.consents.get(receipt.consent_id)
    assert (c.given_by, c.guardian_ref, c.guardian_name, c.age_band, c.method) == (
        "guardian", "member:M004", "Dan Guardian", "under_14", "kiosk-guardian-pin")
    assert receipt.given_by == "guardian" and receipt.guardian_name == "Dan Guardian"
    assert [r.subject for r in k.store.audit.records(event="guardian_identified")] == ["M003"]


def test_guardian_cannot_be_the_child_itself(k):
    flow = shown(k, "M003")
    with pytest.raises(GuardianSameAsChildError):
        flow.guardian_by_member("m003", "1234")
    assert flow.needs_guardian


def test_wrong_or_unknown_guardian_is_one_message_and_locks_out(k):
    flow = shown(k, "M003")
    with pytest.raises(PinError) as unknown:
        flow.guardian_by_member("NOPE", "1234")
    with pytest.raises(PinError) as wrong:
        flow.guardian_by_member("M004", "9999")
    assert str(unknown.value) == str(wrong.value)  # an unknown number is not told apart
    for _ in range(k.settings.pin_max_failures - 1):
        with pytest.raises((PinError, LockedOutError)):
            flow.guardian_by_member("M004", "9999")
    with pytest.raises(LockedOutError):
        flow.guardian_by_member("M004", "1234")  # the guardian's own PIN lockout applies
    assert flow.needs_guardian


def test_guardian_who_is_a_minor_or_has_an_invalid_pass_is_refused(k):
    import_members(k.store, "member_no,display_name,birth_date,valid_until,card_id\n"
                            "M005,Teen Sibling,2011-01-01,2030-12-31,\n")
    k.pins.set("M005", "1234")
    flow = shown(k, "M003")
    with pytest.raises(GuardianNotAdultError):
        flow.guardian_by_member("M005", "1234")
    k.store.members.set_active("M004", False)
    with pytest.raises(GuardianPassInvalidError):
        flow.guardian_by_member("M004", "1234")
    assert flow.needs_guardian


def test_staff_assisted_guardian_check(k):
    from kiosk.domain.staff import StaffAccounts

    staff = StaffAccounts(k.store).add("Sam Staff", "operator", "246810")
    flow = shown(k, "M003")
    with pytest.raises(GuardianNameError):
        flow.guardian_by_staff("246810", "  ")
    with pytest.raises(PinError):
        flow.guardian_by_staff("135791", "Erin Parent")
    g = flow.guardian_by_staff("246810", "  Erin   Parent ")
    assert (g.ref, g.name, g.via) == (f"staff:{staff.id}", "Erin Parent", "staff")
    guardian_agrees(flow)
    c = k.store.consents.get(complete(k, flow, encodings(k.engine, 60)).consent_id)
    assert (c.given_by, c.guardian_ref, c.guardian_name, c.method) == (
        "guardian", f"staff:{staff.id}", "Erin Parent", "kiosk-staff-check")


# -- refusals -------------------------------------------------------------------------
def test_duplicate_face_is_refused_audited_and_leaves_no_active_consent(k):
    complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    flow = shown(k, "M002")
    flow.declare_age(True)
    flow.agree()
    with pytest.raises(DuplicateFaceError):
        complete(k, flow, encodings(k.engine, 30))
    assert k.store.templates.info("M002") is None
    [c] = k.store.consents.for_member("M002")
    assert c.withdrawn_at is not None
    assert [r.subject for r in k.store.audit.records(event="enroll_refused_duplicate")] == ["M002"]


def test_enrollment_is_not_offered_where_it_cannot_be_given(k, kiosk_app):
    assert enrollment_offered(k, "M001")
    complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    assert not enrollment_offered(k, "M001")  # already set up
    k.store.members.set_active("M002", False)
    assert not enrollment_offered(k, "M002")
    k.save_settings(k.settings.replace(operator_contact=""), "test")
    assert not enrollment_offered(k, "M003")  # the notice could not name a contact
    with pytest.raises(FaceNotAllowedError, match="contact"):
        EnrollmentFlow(k, "M003")
    k.save_settings(k.settings.replace(operator_contact="x@y.example", site_type="changing_room"), "test")
    assert not enrollment_offered(k, "M003")


def test_re_enrolling_supersedes_the_old_consent(k):
    first = complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    second = complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    assert k.store.consents.get(first.consent_id).withdrawn_at is not None
    assert k.store.consents.get(second.consent_id).withdrawn_at is None


# -- my data and deletion ----------------------------------------------------------------
def test_my_data_summary_without_biometric_data(k):
    assert not my_data(k, "M001").has_face
    receipt = complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    d = my_data(k, "M001")
    assert only_plain_values(d)
    assert d.has_face and d.consent_id == receipt.consent_id and d.given_by == "self"
    assert d.enrolled_on == k.store.templates.info("M001").created[:10]
    assert d.consent_version == receipt.notice_version and d.deletion_date == receipt.expires
    assert d.last_used is None  # not used since it was set up


def test_my_data_shows_everything_stored_about_the_member(k):
    first = complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    forget_face(k, Actor.visitor("M001"), "M001", proof=k.proofs.issue("M001", ProofMethod.PIN))
    second = complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    k.faces.record_verification("M001", False, "pin")
    k.faces.record_verification("M001", True, "pin")
    d = my_data(k, "M001")
    assert isinstance(d, MyData) and only_plain_values(d)
    assert (d.display_name, d.birth_date, d.valid_until) == ("Alice Adult", "1980-05-01", "2030-12-31")
    assert d.has_card and d.has_pin
    assert [c.consent_id for c in d.consents] == [first.consent_id, second.consent_id]
    assert d.consents[0].withdrawn_on is not None and d.consents[1].withdrawn_on is None
    assert d.consents[1].given_by == "self" and d.consents[1].notice_version == second.notice_version
    assert [(c.method, c.passed) for c in d.checks[:2]] == [("pin", True), ("pin", False)]  # newest first
    text = repr(d)
    assert "1234" not in text and "$argon2" not in text  # never the PIN or its hash


def test_my_data_shows_the_guardian(k):
    flow = shown(k, "M003")
    flow.guardian_by_member("M004", "1234")
    guardian_agrees(flow)
    complete(k, flow, encodings(k.engine, 60))
    d = my_data(k, "M003")
    assert d.given_by == "guardian" and d.guardian_name == "Dan Guardian"


def test_delete_my_face_removes_the_template_and_withdraws_consent(k):
    receipt = complete(k, agreed(k, "M001"), encodings(k.engine, 30))
    gone = forget_face(k, Actor.visitor("M001"), "M001", proof=k.proofs.issue("M001", ProofMethod.PIN))
    assert isinstance(gone, DeletionReceipt) and gone.had_template and gone.consent_id == receipt.consent_id
    assert k.store.templates.get("M001") is None and not k.faces.has_face("M001")
    assert k.store.consents.get(receipt.consent_id).withdrawn_at is not None
    assert not my_data(k, "M001").has_face
    assert [r.detail["reason"] for r in k.store.audit.records(event="face_deleted")] == ["withdrawn"]
    assert enrollment_offered(k, "M001")  # a member may change their mind again
    assert k.pins.check("M001", "1234")  # the PIN keeps working
