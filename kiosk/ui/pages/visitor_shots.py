"""Screenshots of visitor states that are not a page of their own (``kiosk screenshots``)."""

from __future__ import annotations

from kiosk.domain.session import State
from kiosk.ui.registry import screenshot


@screenshot("still-there")
def _still_there(window) -> None:
    """A visitor stopped on the PIN screen: asked before anything is wiped."""
    window.machine.force(State.PIN, member_no="1001")
    window.pages[State.PIN].field.setText("12")
    window.still_there.ask(18)


@screenshot("pin-tries-left")
def _pin_tries_left(window) -> None:
    """A wrong PIN: how many tries are left before entry pauses."""
    window.machine.force(State.PIN, member_no="1001")
    page = window.pages[State.PIN]
    page.tries_left = 2
    page._set_error(True)


@screenshot("notice-guardian", area="enrollment")
def _notice_for_parent(window) -> None:
    """The notice as the parent of a 10-year-old reads it, after identifying themselves."""
    from kiosk import ops
    from kiosk.domain.session import Purpose

    kiosk, actor = window.ctx.kiosk, ops.Actor.visitor("1004")
    flow = ops.start_enrollment(kiosk, actor, "1004")  # Tom, born 2016
    ops.identify_guardian(kiosk, actor, flow, ops.GuardianByMember("1001", "1111"))  # the demo parent
    ops.show_notice(kiosk, actor, flow, window.ctx.translations.language)
    window.machine.force(State.NOTICE, member_no="1004", authenticated=True, is_child=True, birth_date_known=True,
                         purpose=Purpose.ENROLL, enrollment=flow)


@screenshot("notice-guardian-pass", area="enrollment")
def _notice_for_parent_pass(window) -> None:
    """The parent's notice at a site that keeps templates on the pass: "your child's pass"."""
    kiosk = window.ctx.kiosk
    before = kiosk.settings
    kiosk.save_settings(before.replace(template_storage="pass"), "screenshots")
    try:
        _notice_for_parent(window)
    finally:
        kiosk.save_settings(before, "screenshots")
