"""Face lockouts across a site: failed face tries at other gates count at once. A kiosk that
has received enough failures of a member from the site refuses that member's face at the next
try, before any failure of its own (real ``kiosk site sync`` processes carry the counts). A face
that matches at one gate clears the count at every gate, and a failure made at the same time
at a gate that had not heard of the match is kept everywhere."""

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


def match_face(k, member_no: str) -> None:
    from kiosk import ops

    actor = ops.Actor.visitor(member_no)
    ops.begin_face_try(k, actor, member_no)
    assert ops.record_face_attempt(k, actor, member_no, True).proof is not None  # a match clears the count


def counts(*folders, member_no="M001"):
    out = []
    for data in folders:
        with open_kiosk(data) as k:
            out.append(k.faces.tries.member(member_no).failures())
    return out


def test_a_face_that_matched_at_one_gate_clears_the_count_at_every_gate(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        fail_face(ka, "M001", 2)
    sync(a, b)
    assert counts(a, b) == [2, 2]
    with open_kiosk(b) as kb:
        match_face(kb, "M001")
    sync(b, a)
    assert counts(a, b) == [0, 0]


@pytest.mark.parametrize("failure_first", [True, False])
def test_a_failure_made_while_another_gate_clears_the_count_is_kept_everywhere(tmp_path, pg_server, site_url,
                                                                                 failure_first):
    """Main gate counts a failure while North gate, which has not heard of it, sees the member's
    face match: whichever reaches the server first, both gates end with that one failure."""
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        fail_face(ka, "M001", 2)
    sync(a, b)
    with open_kiosk(a) as ka:
        fail_face(ka, "M001", 1)  # not yet at the server
    if failure_first:
        sync(a)
    with open_kiosk(b) as kb:
        match_face(kb, "M001")
    sync(b, a, b)
    assert counts(a, b) == [1, 1]
