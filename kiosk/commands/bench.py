"""``kiosk bench [--json] [--quick]``: the capture pipeline's speed, beside plain face_recognition.

``kiosk bench --accuracy PAIRS.csv IMAGES [--genuine N] [--impostors N] [--json]``: pair photos
played as clips through the capture pipeline (:mod:`kiosk.bench.accuracy`), beside plain
face_recognition on the same clips.

``kiosk bench --site N [--url URL] [--duration S] [--json]``: N simulated kiosks, each its own
process, joined to one PostgreSQL site (:mod:`kiosk.bench.site`)."""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import time
from pathlib import Path


def _log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def _ratio(peer, ours):
    return round(peer / ours, 2) if peer and ours else None


def measure(quick: bool = False, faces: Path | None = None, with_startup: bool = True) -> dict:
    import time

    from kiosk.bench import frames as bframes
    from kiosk.bench import measure as m
    from kiosk.bench import peer
    from kiosk.biometrics.dlib_engine import DlibEngine
    from kiosk.biometrics.engine import Match, Mode, distance, match_level
    from kiosk.config import Settings
    from kiosk.pipeline import ProcessEncoder

    settings = Settings()
    n_frames, trials, peer_frames, peer_trials = (8, 2, 4, 1) if quick else (60, 9, 30, 5)
    engine = DlibEngine(live_min_face_fraction=settings.min_face_fraction)
    t0 = time.perf_counter()
    engine.load()
    r: dict = {"quick": quick, "machine": m.machine(), "engine_load_s": round(time.perf_counter() - t0, 3)}
    _log("preparing frames in memory")
    bf = bframes.load(engine, settings, n_frames, faces)
    r["frames"], notes = f"{len(bf.frames)} frames of 640x480 from {bf.source}", list(bf.notes)
    template = None
    if bf.template_photo is not None:
        boxes = engine.detect(bf.template_photo, Mode.STILL)
        template = engine.encode(bf.template_photo, boxes[0], Mode.STILL) if boxes else None
    if template is None and bf.other_person is None and "synthetic" not in bf.source:
        template = engine.encode(bf.frames[0], engine.detect(bf.frames[0])[0])

    _log("per-stage costs")
    st = m.stages(engine, settings, bf.frames, template)
    r["stages_ms"] = st
    r.update(detect_ms_p50=st["detect"]["p50"], detect_ms_p95=st["detect"]["p95"], frame_ms_p50=st["frame"]["p50"],
             frame_ms_p95=st["frame"]["p95"], camera_path_ms_p50=st["camera_path"]["p50"])

    _log("liveness: passive check per judged frame, challenge work per frame")
    from kiosk.liveness.bench import costs as liveness_costs

    lc = liveness_costs(engine, bf.frames)
    from kiosk.liveness.bench import CHALLENGE_MS_P95_MAX, PREVIEW_FPS_MIN

    r.update(passive_ms_p50=lc["passive"]["p50"], passive_ms_p95=lc["passive"]["p95"],
             challenge_ms_p50=lc["challenge"]["p50"], challenge_ms_p95=lc["challenge"]["p95"],
             challenge_ms_p95_max=CHALLENGE_MS_P95_MAX, preview_fps_liveness_min=PREVIEW_FPS_MIN)

    r.update(decision_ms_p50=None, decision_ms_p95=None, preview_fps=None)
    lead_in, clip = 10, bframes.clip(bf.frames, 10, 150)
    if template is not None:
        def judge(enc):  # the kiosk's rule: one frame far inside the threshold decides, else verify_frames in a row
            return match_level(distance(enc, template), settings.match_threshold, settings.sure_match_fraction)

        def judge_frames(enc):  # verify_frames in a row, whatever the distance (the rule before one-frame decisions)
            return match_level(distance(enc, template), settings.match_threshold, settings.sure_match_fraction) is not Match.NO

        _log(f"decisions on a file-camera clip ({trials} runs, encoder child process)")
        with ProcessEncoder(functools.partial(DlibEngine, live_min_face_fraction=settings.min_face_fraction)) as enc:
            enc.wait_ready()
            d = m.decisions(engine, settings, clip, lead_in, judge, trials, encoder=enc)
            busy = m.decisions(engine, settings, clip, lead_in, lambda e: False, 1, encoder=enc, max_misses=12)
        r.update(decision_ms_p50=d["decision"]["p50"], decision_ms_p95=d["decision"]["p95"], decision_outcomes=d["outcomes"],
                 preview_fps=busy["preview_fps"], preview_fps_decision_window=d["preview_fps"],
                 ui_block_ms_max=max(d["ui_block_ms_max"], busy["ui_block_ms_max"]))
        notes.append("preview_fps: frames previewed per second during 12 back-to-back encodings (camera: 30 fps)")
        from kiosk.liveness.check import LivenessCheck
        from kiosk.liveness.passive import PassiveModel

        _log("the clip again with the liveness check on (passive and challenge; a still clip cannot pass it)")
        with ProcessEncoder(functools.partial(DlibEngine, live_min_face_fraction=settings.min_face_fraction)) as enc:
            enc.wait_ready()
            lv = m.decisions(engine, settings, clip, lead_in, judge, 1, encoder=enc,
                             liveness=LivenessCheck.from_settings(settings, PassiveModel()))
        r.update(preview_fps_liveness=lv["preview_fps"], ui_block_ms_max_liveness=lv["ui_block_ms_max"],
                 liveness_outcomes=lv["outcomes"])
        notes.append("preview_fps_liveness: preview rate while detection with landmarks, the passive check and the "
                     "challenge run on every frame (the still clip ends before the challenge's time limit)")
        if not quick:
            _log("the same decisions with an in-process encode thread, for comparison")
            t = m.decisions(engine, settings, clip, lead_in, judge, 5)
            r.update(decision_ms_p50_thread_encoder=t["decision"]["p50"], ui_block_ms_max_thread_encoder=t["ui_block_ms_max"])
        _log("the same decisions without the one-frame rule, for comparison")
        with ProcessEncoder(functools.partial(DlibEngine, live_min_face_fraction=settings.min_face_fraction)) as enc:
            enc.wait_ready()
            f = m.decisions(engine, settings, clip, lead_in, judge_frames, 3 if quick else trials, encoder=enc)
        r["decision_ms_p50_without_one_frame_rule"] = f["decision"]["p50"]

    _log("1:1 match and 1:N duplicate check")
    r.update(m.gallery(reps=5 if quick else 15))

    _log("face-pass code: size, QR version, decoding from a 640x480 frame")
    from kiosk.bench import passcode

    r.update(passcode.measure(reps=10 if quick else 30))

    _log("plain face_recognition on the same frames")
    pf = peer.per_frame(bf.frames[:peer_frames], template, settings.match_threshold)
    r.update(peer_frame_ms_p50=pf["p50"], peer_frame_ms_p95=pf["p95"], peer_decision_ms_p50=None)
    if template is not None:
        pd = peer.decisions(clip, lead_in, template, settings.match_threshold, settings.verify_frames, peer_trials)
        r.update(peer_decision_ms_p50=pd["decision"]["p50"], peer_preview_fps=pd["preview_fps"])
    r["ratio_frame"] = _ratio(r["peer_frame_ms_p50"], r["frame_ms_p50"])
    r["ratio_challenge_frame"] = round(r["challenge_ms_p50"] / r["frame_ms_p50"], 4) \
        if r.get("challenge_ms_p50") and r.get("frame_ms_p50") else None
    r["ratio_preview_liveness"] = _ratio(r.get("preview_fps_liveness"), r.get("preview_fps"))
    r["ratio_decision"] = _ratio(r["peer_decision_ms_p50"], r["decision_ms_p50"])
    floor = (st["detect"]["p50"] or 0) + (st["encode"]["p50"] or 0)  # one detection and one encoding, same run
    r["decision_floor_ms"] = round(floor, 3) if floor else None
    r["decision_over_floor"] = round(r["decision_ms_p50"] / floor, 2) if floor and r["decision_ms_p50"] else None
    r["decision_over_floor_without_one_frame_rule"] = (
        round(r["decision_ms_p50_without_one_frame_rule"] / floor, 2)
        if floor and r.get("decision_ms_p50_without_one_frame_rule") else None)

    if with_startup:
        _log("start-up of the kiosk (kiosk --demo --smoke)")
        s = m.startup()
    else:
        s = {"startup_s": None, "models_ready_s": None, "peak_rss_mb": None, "startup_ui_block_ms_max": None,
             "note": "start-up not measured (--no-startup)"}
    notes.append(s.pop("note"))
    r.update(s)
    r["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    r["notes"] = notes
    return r


def _print(r: dict) -> None:
    mch = r["machine"]
    print(f"Machine: {mch['cpu']}, {mch['cores']} cores, Python {mch['python']}")
    print(f"Frames:  {r['frames']}")
    print(f"\n{'stage':<12}{'p50 ms':>9}{'p95 ms':>9}")
    for k, v in r["stages_ms"].items():
        print(f"{k:<12}{v['p50'] if v['p50'] is not None else '-':>9}{v['p95'] if v['p95'] is not None else '-':>9}")
    print(f"\n{'':<34}{'kiosk':>10}{'plain face_recognition':>24}{'ratio':>8}")
    print(f"{'one frame, all stages (ms p50)':<34}{r['frame_ms_p50']!s:>10}{r['peer_frame_ms_p50']!s:>24}{r['ratio_frame']!s:>8}")
    print(f"{'decision after first face (ms p50)':<34}{r['decision_ms_p50']!s:>10}{r['peer_decision_ms_p50']!s:>24}"
          f"{r['ratio_decision']!s:>8}")
    print(f"{'preview while deciding (fps)':<34}{r['preview_fps']!s:>10}{r.get('peer_preview_fps')!s:>24}")
    print(f"\ndecision_over_floor {r['decision_over_floor']} (decision p50 / (detect p50 + encode p50) = "
          f"{r['decision_ms_p50']} / {r['decision_floor_ms']} ms); without the one-frame rule "
          f"{r['decision_over_floor_without_one_frame_rule']} ({r.get('decision_ms_p50_without_one_frame_rule')} ms)")
    print(f"Liveness: passive check {r['passive_ms_p50']} ms per judged frame (p95 {r['passive_ms_p95']}, target <= 10), "
          f"challenge {r['challenge_ms_p50']} ms per frame (p95 {r['challenge_ms_p95']}, target <= "
          f"{r['challenge_ms_p95_max']}; {r.get('ratio_challenge_frame')} of a frame's own work); preview with liveness on "
          f"{r.get('preview_fps_liveness')} fps (target >= {r['preview_fps_liveness_min']}; "
          f"{r.get('ratio_preview_liveness')} of the rate without), UI blocked at most {r.get('ui_block_ms_max_liveness')} ms")
    print(f"\nUI thread blocked at most {r.get('ui_block_ms_max')} ms (in-process encode thread: "
          f"{r.get('ui_block_ms_max_thread_encoder', '-')} ms, decision {r.get('decision_ms_p50_thread_encoder', '-')} ms)")
    print(f"1:1 match {r['match_1to1_ms']} ms; duplicate check " +
          ", ".join(f"{k}: {v} ms" for k, v in r["dup_check_ms"].items()) +
          " (without cached norms: " + ", ".join(f"{v} ms" for v in r["dup_check_no_cache_ms"].values()) + ")")
    print(f"Face pass: {r['pass_payload_bytes']} B (at most {r['pass_payload_bytes_max']} B), QR version "
          f"{r['pass_qr_version']} (at most {r['pass_qr_version_max']}, M); decoded from a 640x480 frame in "
          f"{r['pass_decode_ms_p50']} ms p50, {r['pass_decode_ms_p95']} ms p95 ({r['pass_decoded']})")
    print(f"Start-up to first screen {r['startup_s']} s, models ready {r['models_ready_s']} s, peak RSS {r['peak_rss_mb']} MB; "
          f"UI thread blocked at most {r.get('startup_ui_block_ms_max')} ms from the first screen to models ready")
    for n in r["notes"]:
        print(f"note: {n}")


def measure_accuracy(args: argparse.Namespace) -> dict:
    from kiosk.app import make_engine
    from kiosk.bench import accuracy
    from kiosk.bench import measure as m
    from kiosk.calibrate import read_pairs, require_images
    from kiosk.commands.calibrate import ProgressBar
    from kiosk.config import Settings
    from kiosk.errors import KioskError
    from kiosk.pipeline import ProcessEncoder

    if args.genuine < 0 or args.impostors < 0 or args.genuine + args.impostors == 0 or not 0.2 <= args.clip_s <= 30:
        raise KioskError("Nothing sensible to play.", remedy="Give --genuine/--impostors of 0 or more (not both 0) and "
                         "--clip-s between 0.2 and 30 seconds.")
    pairs_csv, images = (Path(p) for p in args.accuracy)
    load = accuracy.image_loader(images)
    pairs = read_pairs(pairs_csv)
    chosen = accuracy.sample(pairs, args.genuine, args.impostors, args.seed)
    require_images(chosen, images, pairs_csv)  # exit status 3
    settings = Settings()
    engine = make_engine(settings)
    engine.load()
    started, mach = time.monotonic(), m.machine()
    _log(f"{len(chosen)} clips of {args.clip_s:g} s through the capture pipeline (encoder child process)"
         + ("" if args.no_peer else " and plain face_recognition"))
    with ProcessEncoder(functools.partial(make_engine, settings)) as enc:
        enc.wait_ready()
        r = accuracy.run(chosen, load, engine, settings, enc, clip_s=args.clip_s, peer=not args.no_peer, seed=args.seed,
                         progress=ProgressBar("playing clips"))
    r["pairs_in_file"] = {"genuine": sum(p.same for p in pairs), "impostor": sum(1 - p.same for p in pairs)}
    r["machine"] = mach
    r["run_s"] = round(time.monotonic() - started, 1)
    return r


def _print_accuracy(r: dict) -> None:
    c, k, p = r["clips"], r["kiosk"], r["plain_face_recognition"]
    p6 = r.get("plain_face_recognition_at_0.6")
    print(f"Clips played: {c['genuine']} same-person and {c['impostor']} different-person (of "
          f"{r['pairs_in_file']['genuine']:,} and {r['pairs_in_file']['impostor']:,} pairs in the file, sample seed "
          f"{c['sample_seed']}), each {c['seconds_each']:g} s at {c['fps']:g} fps from {c['distinct_frames_each']} "
          f"variants of photo b; photo a enrolled")
    st = r["settings"]
    print(f"\n{'':<40}{'kiosk':>14}{'plain face_recognition':>26}{'':>16}")
    print(f"{'compared at':<40}{st['match_threshold']:>14}{st['peer_tolerance']:>26}{st['peer_default_tolerance']:>16}")
    fmt_n = lambda t, n, d: f"{t[n]} of {t[d]}" if t else "-"  # noqa: E731
    fmt_t = lambda t, key, q: str(t[key][q]) if t and t[key][q] is not None else "-"  # noqa: E731
    rows = [("genuine members accepted", lambda t: fmt_n(t, "genuine_accepted", "genuine_clips")),
            ("impostors accepted", lambda t: fmt_n(t, "impostors_accepted", "impostor_clips")),
            ("photo a without a template (genuine)", lambda t: str(t["members_without_template"]["genuine"]) if t else "-"),
            ("photo a without a template (impostor)", lambda t: str(t["members_without_template"]["impostor"]) if t else "-"),
            ("time to accept, ms p50", lambda t: fmt_t(t, "time_to_accept_ms", "p50")),
            ("time to accept, ms p95", lambda t: fmt_t(t, "time_to_accept_ms", "p95")),
            ("time to reject, ms p50", lambda t: fmt_t(t, "time_to_reject_ms", "p50")),
            ("time to reject, ms p95", lambda t: fmt_t(t, "time_to_reject_ms", "p95"))]
    for label, f in rows:
        print(f"{label:<40}{f(k):>14}{f(p):>26}{f(p6):>16}")
    o = r["genuine_clips_without_a_second_face"]
    print(f"\nSame-person clips the kiosk could judge (no second face kept in view; with one, it pauses and asks the "
          f"visitor to be alone, rule 8): {o['genuine_clips']}; accepted: kiosk {o['kiosk_accepted']}, plain "
          f"face_recognition {o['plain_face_recognition_accepted'] if p else '-'}")
    print(f"outcomes, kiosk: {k['outcomes']}")
    if p:
        print(f"outcomes, plain face_recognition: {p['outcomes']}")
    g = r["kiosk_live_gate"]
    print(f"kiosk live quality gate: {g['frames_passed']} of {g['frames_judged']} frames judged passed; refused: "
          f"{g['frames_refused_by_reason'] or 'none'}")
    print(f"kiosk: threshold {st['match_threshold']}, one frame decides within {st['sure_match_fraction']} x it, else "
          f"{st['verify_frames']} matching frames in a row; liveness {st['liveness']}. plain face_recognition: "
          f"compare_faces at tolerance {st['peer_tolerance']} (the kiosk's threshold) and {st['peer_default_tolerance']} (its "
          f"default), accepted on the first matching frame")
    print(f"{c['framed_without_a_detected_face']} clips framed on the photo's centre (no face found by the still detector)")
    print(f"run {r['run_s']} s; load average at start {r['machine']['load_avg_1m_at_start']} on {r['machine']['cores']} cores")


def cmd_bench(args: argparse.Namespace) -> int:
    if args.site is not None:
        from kiosk.bench import site as site_bench
        r = site_bench.run(args.site, args.duration, args.rate, args.changes, args.url)
        if args.json:
            print(json.dumps(r))
        else:
            site_bench.print_report(r)
        return 0
    if args.accuracy:
        r = measure_accuracy(args)
        if args.json:
            print(json.dumps(r))
        else:
            _print_accuracy(r)
        return 0
    r = measure(quick=args.quick, faces=args.faces, with_startup=not args.no_startup)
    if args.json:
        print(json.dumps(r))
    else:
        _print(r)
    return 0


def _kiosk_count(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("at least one kiosk")
    return n


def register(sub, common) -> None:
    p = sub.add_parser("bench", parents=[common], help="measure the capture pipeline beside plain face_recognition")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--quick", action="store_true", help="fewer frames and runs (seconds, for tests)")
    p.add_argument("--faces", type=Path, default=None, help="folder of portraits (default: ../shared/faces)")
    p.add_argument("--no-startup", action="store_true", help="skip starting the kiosk to time its start-up")
    p.add_argument("--accuracy", nargs=2, metavar=("PAIRS.csv", "IMAGES"), default=None,
                   help="instead: play pair photos as camera clips through the capture pipeline (header a,b,same)")
    p.add_argument("--genuine", type=int, default=40, metavar="N", help="same-person clips to play (--accuracy; default 40)")
    p.add_argument("--impostors", type=int, default=40, metavar="N",
                   help="different-person clips to play (--accuracy; default 40)")
    p.add_argument("--clip-s", type=float, default=1.5, metavar="S", help="length of each clip in seconds (default 1.5)")
    p.add_argument("--seed", type=int, default=0, help="which pairs are drawn (--accuracy; default 0)")
    p.add_argument("--no-peer", action="store_true", help="skip plain face_recognition (--accuracy)")
    p.add_argument("--site", type=_kiosk_count, default=None, metavar="N",
                   help="instead: N simulated kiosks (separate processes) on one PostgreSQL site")
    p.add_argument("--url", default=None,
                   help="--site: a database you own (password in PGPASSWORD); default: a throwaway server")
    p.add_argument("--duration", type=float, default=60.0, metavar="S", help="--site: seconds of load (default 60)")
    p.add_argument("--rate", type=float, default=0.2,
                   help="--site: check-ins per second per kiosk (default 0.2: a visitor every 5 s at every gate)")
    p.add_argument("--changes", type=float, default=0.2,
                   help="--site: member removals/re-adds per second per kiosk (default 0.2)")
    p.set_defaults(func=cmd_bench)
