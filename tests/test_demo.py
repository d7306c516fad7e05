"""`kiosk --demo`: a throwaway data folder with demo members and one enrolled face."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kiosk import ops
from kiosk.biometrics.fake import draw_face
from kiosk.demo import DEMO_MEMBERS, create_demo, enroll_demo_face


def test_demo_data_folder(fake_engine):
    kiosk, info = create_demo(engine=fake_engine)
    try:
        assert info.data_dir.is_dir() and kiosk.store.members.count() == len(DEMO_MEMBERS)
        for m in DEMO_MEMBERS:
            assert kiosk.pins.check(m.member_no, m.pin)
        ages = {m.member_no: kiosk.store.members.get(m.member_no).birth_date for m in DEMO_MEMBERS}
        assert None in ages.values()  # one member is asked "Are you 14 or older?"
        assert any(kiosk.faces.age_band(no, None) == "under_14" for no, b in ages.items() if b)  # guardian path
        assert kiosk.settings.operator_name and kiosk.settings.operator_contact
    finally:
        kiosk.close()
        info.cleanup()
    assert not info.data_dir.exists()


def test_demo_sets_up_through_the_operations_the_command_line_uses(fake_engine):
    """Members, PINs, staff and the site profile each come from an operation, audited as the demo's."""
    from kiosk.demo import DEMO_STAFF, store_demo_face

    kiosk, info = create_demo(engine=fake_engine)
    try:
        made = [(r.event, r.actor) for r in kiosk.store.audit.records()
                if r.event in ("members_imported", "pin_set", "staff_added", "settings_changed")]
        assert made.count(("pin_set", "demo")) == len(DEMO_MEMBERS)
        assert made.count(("staff_added", "demo")) == len(DEMO_STAFF)
        assert {actor for _, actor in made} == {"demo"}
        assert [(s.name, s.role) for s in ops.list_staff(kiosk, ops.Actor.cli())] == [(st.name, st.role) for st in DEMO_STAFF]
        store_demo_face(kiosk, info, kiosk.faces.encode_still(draw_face(40)))
        [enrolled] = [r for r in kiosk.store.audit.records(event="enrolled")]
        [consent] = [r for r in kiosk.store.audit.records(event="consent_given")]
        assert enrolled.actor == consent.actor == "demo" and enrolled.detail["liveness"] == "not_checked"
    finally:
        kiosk.close()
        info.cleanup()


def test_demo_face_is_enrolled_from_the_installed_sample(dlib_engine):
    kiosk, info = create_demo(engine=dlib_engine)
    try:
        enroll_demo_face(kiosk, info)
        enrolled = [m.member_no for m in DEMO_MEMBERS if m.face]
        assert [m for m in enrolled if kiosk.faces.has_face(m)] == enrolled
    finally:
        kiosk.close()
        info.cleanup()


def test_kiosk_demo_starts_and_reports_first_screen():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "kiosk", "--demo", "--smoke"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    times = json.loads(out.stdout.strip().splitlines()[-1])
    assert times["first_screen_s"] > 0 and times["models_ready_s"] >= times["first_screen_s"]
