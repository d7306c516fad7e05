"""The duplicate check's gallery cache is keyed on the database's version, so faces enrolled
or deleted by another connection (the command line while the kiosk runs) count at once."""

from __future__ import annotations

from kiosk import ops
from kiosk.biometrics.fake import draw_face
from tests.ui_helpers import enroll_encodings, enroll_fake_face


def test_the_gallery_sees_enrollments_and_deletions_by_another_process(data_dir, kiosk_app):
    """The running kiosk's duplicate check uses a cached gallery; the command line (another
    connection) enrolls and deletes a face meanwhile, and the kiosk's next check counts both."""
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine

    face = kiosk_app.faces.encode_still(draw_face(40))
    assert kiosk_app.faces.duplicate_of(face) is None  # the kiosk's gallery, now cached (empty)
    with create(data_dir, engine=FakeEngine()) as cli:  # a second connection to the same file
        enroll_encodings(cli, "M002", [cli.faces.encode_still(draw_face(40))])
        assert kiosk_app.faces.duplicate_of(face) == "M002"
        ops.revoke_face(cli, ops.Actor.cli(), "M002")
    assert kiosk_app.faces.duplicate_of(face) is None
    enroll_fake_face(kiosk_app, "M001", hue=40)  # the kiosk's own writes count as before
    assert kiosk_app.faces.duplicate_of(face) == "M001"


def test_the_gallery_stays_cached_while_nothing_changes(kiosk_app):
    enroll_fake_face(kiosk_app, "M001")
    g = kiosk_app.store.templates.gallery()
    assert kiosk_app.store.templates.gallery() is g
