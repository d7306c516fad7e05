"""The kiosk's PySide6 user interface. The only package that imports Qt.

How it fits together
--------------------
* Navigation is :class:`kiosk.domain.session.SessionMachine` (Qt-free): an enum of states,
  a transition table ``TRANSITIONS[(state, event)] -> state | guard(session)``, and a
  :class:`~kiosk.domain.session.Session` holding what is known about the visitor (never a
  PIN, frame or template). ``CANCEL`` and ``TIMEOUT`` go to WELCOME from any state and wipe
  the session. Every visitor state of PRODUCT.md already exists, including the set-up-face
  states (NOTICE, CONSENT, AGE, GUARDIAN, ENROLL_CAPTURE, RECEIPT), My data (MY_DATA,
  MY_DATA_DELETED) and STAFF.
* :class:`kiosk.ui.window.KioskWindow` holds a QStackedWidget with one page per state; every
  state must have a page (the window refuses to start otherwise).
* Pages receive a :class:`kiosk.ui.context.UiContext`: ``ctx.kiosk`` (core services),
  ``ctx.session``, ``ctx.fire(Event.X)``, ``ctx.run(fn, on_done, on_error)`` and
  ``ctx.open_camera``, and ``ctx.runtime`` (encoder, gate, purge schedule, runtime status),
  which the composition root :mod:`kiosk.app` builds. :func:`kiosk.ui.main.build_window`
  puts a window around it (tests and screenshots pass an open kiosk and fakes),
  :func:`kiosk.ui.main.run_kiosk` runs the real kiosk.

Adding a page for a state
-------------------------
Create one module under ``kiosk/ui/pages/`` (any module there is imported by
:func:`kiosk.ui.discovery.discover`; nothing else to edit)::

    from kiosk.domain.session import Event, State
    from kiosk.ui.pages.base import Page
    from kiosk.ui.registry import page, screenshot
    from kiosk.ui.widgets import button, label, set_text

    @page(State.NOTICE)
    class NoticePage(Page):
        def build(self):                      # widgets; add them to self.body
            self.text = label("body"); self.body.addWidget(self.text)
            self.agree = button("primary"); self.agree.clicked.connect(lambda: self.ctx.fire(Event.CONSENT_ACCEPTED))
            self.body.addWidget(self.agree)
        def retranslate_ui(self):             # every visible text; runs again on LanguageChange
            super().retranslate_ui()          # Back / Start over
            self.title.setText(self.tr("Face verification (optional)"))
            set_text(self.agree, self.tr("I agree"))   # text + accessible name
        def enter(self): ...                  # page became current (read ctx.session here)
        def leave(self): ...                  # stop cameras / timers
        def wipe(self): ...                   # forget typed input on a session wipe

    @screenshot("notice", area="enrollment")
    def _shot(window):
        window.machine.force(State.NOTICE, member_no="1001")

Rules for pages: never block the UI thread. Database work, PIN hashing and the gate go
through ``ctx.run(fn, on_done, on_error)`` (one serial executor; results for a wiped
session are dropped). ``on_error(exc, message)`` gets the translated message from
:mod:`kiosk.ui.messages` -- the one table where a ``KioskError``'s ``ErrorCode`` becomes a
visitor text and a staff text; a new error is a class in ``kiosk/errors.py``, a member of
``ErrorCode`` and one row of that table. Camera work: a :class:`kiosk.ui.camera.CameraController` with a job (see
:mod:`kiosk.ui.jobs`); start it in ``enter()`` unless ``ctx.still`` (screenshots), stop it in
``leave()``, and call ``controller.shutdown()`` from the page's ``shutdown()``. Style with
the ``role`` property (``primary``, ``choice``, ``secondary``, ``link``, ``key``;
labels ``title``, ``subtitle``, ``body``, ``hint``, ``error``) -- buttons are then >= 60 px.
A new transition is an entry in the session's ``_BY_STATE`` table (or ``_SHARED``, for an event
that leads to the same place from several states), plus a test in tests/test_session.py.

The Method page already shows "Set up face verification (optional)" below the
alternatives (``MethodPage.extra_slot``) as soon as a page for ``State.NOTICE`` is
registered; it fires ``Event.CHOOSE_SETUP_FACE`` (claim -> PIN -> NOTICE). The Welcome page
has "My data" (``Event.OPEN_MY_DATA``: claim -> PIN -> MY_DATA). The staff area is the
single state ``State.STAFF`` (``Event.STAFF_ENTER`` from WELCOME, ``Event.STAFF_EXIT``);
its page may keep its own inner QStackedWidget. Leaving kiosk mode is
``KioskWindow.leave_kiosk()`` (find the window with ``self.window()``).

Screenshots
-----------
``kiosk screenshots --out DIR`` renders every ``@screenshot`` in ``en`` and ``zh_CN`` at
1280x800 with the fake engine and no camera (``ctx.still``); a setup function puts the
window in its state with fake data only. Never feed a camera frame or a face image.

Translations
------------
Use ``self.tr("literal")`` in pages (context = the class name) and
``QCoreApplication.translate("Context", "literal")`` elsewhere; never an f-string inside;
``%1`` placeholders with ``.replace``; ``%n`` plurals via ``translate(ctx, text, "", n)``.
Each area has a file list ``i18n/<area>.files`` (source globs, one per line) and sources
``i18n/<area>_<lang>.ts``. After changing strings::

    uv run python i18n/update.py            # lupdate every area, then lrelease
    # translate in i18n/<area>_zh_CN.ts (pyside6-linguist or an editor), then again:
    uv run python i18n/update.py --release  # compile to kiosk/i18n/<area>_<lang>.qm

:class:`kiosk.ui.i18n.Translations` installs Qt's own ``qtbase_<lang>.qm`` and every
``kiosk/i18n/*_<lang>.qm``. tests/test_translations.py fails on unfinished, missing or
stale translations in any area.
"""
