"""`kiosk verify MEMBER --camera SOURCE [--json]`: the kiosk's live pipeline, liveness included."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from kiosk.config import Liveness

PROMPTS = {"left": "turn your head to your left", "right": "turn your head to your right",
           "up": "tilt your head up", "down": "tilt your head down", "centre": "look straight at the camera"}


def cmd_verify_live(args: argparse.Namespace) -> int:
    """The same pipeline as the kiosk's face step (quality gate, 1:1 match, liveness as the
    settings say) on a webcam, a video or an image; prints the outcome and its reason. While
    the challenge runs it prints each prompt and its time limit (on stderr), never whether
    the face matches: that is known only with the outcome."""
    from kiosk import ops
    from kiosk.camera.source import open_source
    from kiosk.commands.opening import open_kiosk
    from kiosk.errors import FaceNotAllowedError
    from kiosk.pipeline import CapturePipeline, Kind

    actor = ops.Actor.at_desk(args.member_no)  # the member is checked; the command line is the channel
    with open_kiosk(args) as k:
        if not ops.face_availability(k, actor, args.member_no, ops.FaceFlow.VERIFY).enrolled:
            raise FaceNotAllowedError(f"Member {args.member_no} has no valid face enrollment.", remedy="Use card or PIN.")
        s = k.settings
        ops.begin_face_try(k, actor, args.member_no)  # refused while the member's face checks are paused (exit 3)
        try:
            source = open_source(args.camera)
        except BaseException:  # no camera, no try
            ops.end_face_try(k, actor, args.member_no, ops.FaceTryEnd.INTERRUPTED)
            raise
        last = [None]

        def on_status(status) -> None:
            ch = status.liveness.challenge if status.liveness is not None else None
            step = ch.step.value if ch is not None and ch.step is not None else None
            if step != last[0] and not args.json:
                last[0] = step
                if step and ch is not None:
                    print(f"challenge {ch.done + 1}/{ch.total}: {PROMPTS[step]} (within {s.liveness_challenge_s} s)",
                          file=sys.stderr, flush=True)

        pipe = CapturePipeline(source, k.engine, s, needed=s.verify_frames, timeout_s=args.timeout,
                               judge=lambda enc: ops.judge_face(k, actor, args.member_no, enc),
                               liveness=k.liveness_check())
        t0 = time.monotonic()
        try:
            outcome = pipe.run(threading.Event(), lambda frame: None, on_status)
        except KeyboardInterrupt:  # Ctrl-C: the try was left before it ended
            ops.end_face_try(k, actor, args.member_no, ops.FaceTryEnd.ABANDONED)
            raise
        seconds = round(time.monotonic() - t0, 2)
        # a no-match, a refused liveness check and a timeout count; a failing camera or engine does not
        end = {Kind.MATCH: ops.FaceTryEnd.MATCH, Kind.NO_MATCH: ops.FaceTryEnd.NO_MATCH,
               Kind.LIVENESS_FAILED: ops.FaceTryEnd.LIVENESS, Kind.TIMEOUT: ops.FaceTryEnd.TIMEOUT}
        ops.decide_face_try(k, actor, args.member_no, end.get(outcome.kind, ops.FaceTryEnd.INTERRUPTED),
                            outcome.message if outcome.kind is Kind.LIVENESS_FAILED else None)
    reason = {"match": "the face matched and the liveness check passed" if s.liveness != Liveness.OFF else
              "the face matched (liveness is off in the settings)",
              "no_match": "the face did not match the member's template" + (
                  " (the liveness check passed)" if s.liveness != Liveness.OFF else ""),
              "liveness_failed": f"the liveness check did not succeed ({outcome.message})",
              "timeout": "no face was confirmed in time"}.get(outcome.kind, outcome.message or outcome.kind)
    if args.json:
        json.dump({"member_no": args.member_no, "outcome": outcome.kind, "reason": reason, "liveness": s.liveness,
                   "refusal": outcome.message if outcome.kind is Kind.LIVENESS_FAILED else None, "seconds": seconds},
                  sys.stdout)
        sys.stdout.write("\n")
    else:
        print(f"{outcome.kind.replace('_', ' ')}: {reason} ({seconds} s)")
    return 0 if outcome.kind is Kind.MATCH else 1
