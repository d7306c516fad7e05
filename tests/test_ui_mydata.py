"""My data shows everything stored about the member, with an equal "Delete my face data"."""

from __future__ import annotations

from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import draw_face
from kiosk.domain.consent import EnrollmentFlow
from kiosk.domain.session import State
from kiosk.ops import complete_enrollment as complete
from tests.test_ui_enroll import HUE, TIMEOUT, camera, claim, k, type_pin, wait_state, window  # noqa: F401


def test_my_data_shows_the_record_the_consents_and_the_checks(qtbot, window, k):
    flow = EnrollmentFlow(k, "M001")
    flow.show_notice("en")
    flow.agree()
    f = draw_face(HUE)
    consent_id = complete(k, flow, [k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])] * 3).consent_id
    k.faces.record_verification("M001", True, "pin")
    claim(qtbot, window, "M001", my_data=True)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.MY_DATA)
    page = window.pages[State.MY_DATA]
    qtbot.waitUntil(page.delete_button.isVisible, timeout=TIMEOUT)
    about = {key: v.text() for key, (_, v) in page.about.rows.items()}
    assert about["name"] == "Alice Adult" and "1980" in about["birth"] and "2030" in about["valid"]
    assert about["card"] == "A card is registered" and about["pin"].startswith("Set")
    assert "1234" not in " ".join(about.values())
    assert f"No. {consent_id}:" in page.consent_list.text() and "withdrawn" not in page.consent_list.text()
    assert "PIN: confirmed" in page.check_list.text()
    assert page.summary.rows["enrolled"][1].text()  # the face template's dates
    assert page.delete_button.size() == page.done_button.size()  # deleting is as easy as looking
    assert page.delete_button.property("role") == page.done_button.property("role")


def test_my_data_without_face_data_says_so(qtbot, window, k):
    claim(qtbot, window, "M002", my_data=True)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.MY_DATA)
    page = window.pages[State.MY_DATA]
    qtbot.waitUntil(lambda: page.about.rows.get("name") is not None and page.about.rows["name"][1].text() != "",
                    timeout=TIMEOUT)
    assert "Not stored" in page.about.rows["birth"][1].text()  # Bob has no birth date on file
    assert page.no_face.isVisible() and not page.delete_button.isVisible()
    assert page.consent_list.text() == "None." and page.done_button.isVisible()
