"""Pass mode through the operations layer: enrollment stores nothing biometric, My data and
withdrawal by member number + PIN (no pass shown) still revoke every pass of the member."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk import ops
from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import draw_face
from kiosk.domain.consent import consent_given_in_person
from kiosk.domain.mydata import my_data
from kiosk.domain.notice import NOTICE_VERSION
from kiosk.domain.proofs import ProofMethod
from kiosk.errors import PassRefusedError, Refusal


@pytest.fixture
def k(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(template_storage="pass", operator_name="Zoo",
                                                       operator_contact="desk"), "test")
    return kiosk_app


def lookup_claim(k, text):
    return ops.lookup_claim(k, ops.Actor.visitor(None), text)


def enroll(k, member_no="M001", hue=40):
    f = draw_face(hue)
    enc = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    draft = consent_given_in_person(k, member_no, declared_14_or_older=True, method="test")
    return ops.enroll_with_consent(k, ops.Actor.cli(), draft, [enc, enc, enc])


def test_enrollment_in_pass_mode_keeps_nothing_biometric(k):
    receipt = enroll(k)
    assert receipt.storage == "pass" and receipt.pass_code.startswith("KP1:")
    assert receipt.notice_version == NOTICE_VERSION + "+pass"
    assert k.store.templates.count() == 0
    claim = lookup_claim(k, receipt.pass_code)
    assert claim.member_no == "M001" and claim.face_available and claim.pass_code == receipt.pass_code
    assert not lookup_claim(k, "M001").face_available  # a typed number brings no template
    f = draw_face(40)
    probe = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    assert k.faces.verify("M001", probe, pass_code=receipt.pass_code).matched
    other = draw_face(120)
    assert not k.faces.verify("M001", k.engine.encode(other, k.engine.detect(other, Mode.LIVE)[0]),
                              pass_code=receipt.pass_code).matched


def test_enrolling_again_revokes_the_older_pass(k):
    first = enroll(k).pass_code
    second = enroll(k).pass_code
    with pytest.raises(PassRefusedError) as err:
        k.passes.open(first, "M001")
    assert err.value.reason is Refusal.REVOKED
    assert k.passes.open(second, "M001").member_no == "M001"


def test_my_data_and_withdrawal_by_member_number_and_pin(k):
    code = enroll(k).pass_code
    d = my_data(k, "M001")
    assert d.storage == "pass" and d.has_face and d.consent_id is not None and d.pass_valid_until is None
    assert my_data(k, "M001", code).pass_valid_until is not None
    assert my_data(k, "M002").has_face is False
    result = ops.forget_face(k, ops.Actor.visitor("M001"), "M001",  # no pass shown
                             proof=k.proofs.issue("M001", ProofMethod.PIN))
    assert result.storage == "pass" and result.consent_id == d.consent_id
    with pytest.raises(PassRefusedError) as err:
        lookup_claim(k, code)
    assert err.value.reason is Refusal.REVOKED
    assert all(isinstance(v, str) for row in k.passes.revocations() for v in row)


def test_a_pass_in_kiosk_mode_still_names_the_member(kiosk_app):
    code = kiosk_app.passes.issue("M002", np.full(128, 0.03, np.float32), 1, "2030-01-01").code
    claim = lookup_claim(kiosk_app, code)
    assert claim.member_no == "M002" and not claim.face_available and claim.pass_code == ""


def test_pass_enrollment_records_the_liveness_mode_the_capture_passed(k):
    f = draw_face(40)
    enc = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    draft = consent_given_in_person(k, "M001", declared_14_or_older=True, method="test")
    ops.enroll_with_consent(k, ops.Actor.visitor("M001"), draft, [enc, enc], liveness="both")
    enrolled = [r for r in k.store.audit.records(event="enrolled")]
    assert enrolled[-1].detail["storage"] == "pass" and enrolled[-1].detail["liveness"] == "both"


def test_a_match_with_the_pass_never_counts_as_a_failure(k):
    code = enroll(k).pass_code
    f = draw_face(40)
    probe = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])
    for _ in range(3 * k.settings.face_retries):
        assert k.faces.verify("M001", probe, pass_code=code).matched
    assert k.faces.face_paused("M001") == 0


def test_notice_and_filing_report_say_where_the_template_is_and_that_no_duplicate_check_runs(k):
    from kiosk.domain.notice import render_notice
    from kiosk.reports import build

    en = render_notice(k.settings, "M001", "2027-01-01", "en")
    zh = render_notice(k.settings, "M001", "2027-01-01", "zh_CN")
    assert "Only on your own pass" in en.section("where").body and "another pass" in en.section("where").body
    assert "通行证" in zh.section("where").body and "无法检查" in zh.section("where").body
    text = str(build(k))
    assert "no duplicate check can run" in text and "on the member's own pass" in text
    k.save_settings(k.settings.replace(template_storage="kiosk"), "test")
    assert "Only on this kiosk" in render_notice(k.settings, "M001", "2027-01-01", "en").section("where").body
    assert "no duplicate check can run" not in str(build(k))
