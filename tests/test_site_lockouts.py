"""Face lockouts across a site: failed face tries at other gates count at once. A kiosk that
has received enough failures of a member from the site refuses that member's face at the next
try, before any failure of its own (real ``kiosk site sync`` processes carry the counts)."""

from __future__ import annotations

import pytest

from tests.test_site import make_site, open_kiosk, pg_server, site_url, sync  # noqa: F401


def fail_face(k, member_no: str, times: int) -> None:
    from kiosk import ops
    from kiosk.domain.face_tries import TryEnd

    actor = ops.Actor.visitor(member_no)
    for _ in range(times):
        ops.begin_face_try(k, actor, member_no)
        ops.end_face_try(k, actor, member_no, TryEnd.TIMEOUT)  # a counted failure


def test_face_failures_from_another_gate_lock_at_once(tmp_path, pg_server, site_url):
    from kiosk import ops
    from kiosk.errors import FacePausedError

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        limit = ka.faces.tries.limit()
        fail_face(ka, "M001", limit)  # the member's face pauses at A
        assert ka.faces.tries.seconds_paused("M001") > 0
    sync(a, b)
    with open_kiosk(b) as kb:
        assert kb.faces.tries.member("M001").failures() == limit
        assert kb.faces.tries.seconds_paused("M001") > 0  # without a failure of B's own
        with pytest.raises(FacePausedError):
            ops.begin_face_try(kb, ops.Actor.visitor("M001"), "M001")
        assert kb.faces.tries.member("M002").failures() == 0  # another member is not touched
        ops.begin_face_try(kb, ops.Actor.visitor("M002"), "M002")


def test_face_failures_split_between_two_gates_lock_both(tmp_path, pg_server, site_url):
    from kiosk import ops
    from kiosk.errors import FacePausedError

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        limit = ka.faces.tries.limit()
        first = limit // 2
        fail_face(ka, "M001", first)
        assert ka.faces.tries.seconds_paused("M001") == 0
    sync(a, b)
    with open_kiosk(b) as kb:
        assert kb.faces.tries.seconds_paused("M001") == 0  # half the limit: not paused yet
        fail_face(kb, "M001", limit - first)  # B's own failures complete the site's count
        assert kb.faces.tries.seconds_paused("M001") > 0
    sync(b, a)
    with open_kiosk(a) as ka:
        assert ka.faces.tries.member("M001").failures() == limit
        with pytest.raises(FacePausedError):  # A never saw the last failures itself
            ops.begin_face_try(ka, ops.Actor.visitor("M001"), "M001")
