"""The bench's measurements: per-stage costs, 1:1 and 1:N matching, decisions on a clip, start-up."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from typing import Callable, TypeVar

import cv2
import numpy as np

from kiosk.biometrics.dlib_engine import DlibEngine
from kiosk.biometrics.engine import FaceEngine, Gallery, Mode, distance, distances
from kiosk.biometrics.quality import assess
from kiosk.camera.source import MemorySource
from kiosk.config import Settings
from kiosk.pipeline import CapturePipeline


def ms(ts: list[float]) -> dict:
    a = np.asarray(ts, float) * 1000
    return {"p50": round(float(np.median(a)), 3), "p95": round(float(np.percentile(a, 95)), 3)} if len(a) else {"p50": None, "p95": None}


def rate(times: list[float]) -> float:
    """Frames per second between the first and the last of ``times``."""
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0


T = TypeVar("T")


def decode_jpeg(jpeg: np.ndarray) -> np.ndarray:
    """A frame back from the in-memory JPEG a webcam would send."""
    frame = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    if frame is None:
        raise ValueError("the bench could not decode its own JPEG frame")
    return frame


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None  # other work competing for the cores
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(), "os": platform.platform(terse=True),
            "load_avg_1m_at_start": load}


def stages(engine: DlibEngine, settings: Settings, frames: list[np.ndarray], template: np.ndarray | None) -> dict:
    """Each stage of one frame, and all of them in sequence (``frame``), on the kiosk's fast path.

    ``detect`` is what the pipeline runs per frame (YuNet on a downscaled copy, boxes and
    landmarks, and the encoder boxes); ``detect_hog`` is dlib's HOG detector on its own
    downscaled grey copy, the live detector before YuNet, timed on the same frames."""
    t: dict[str, list[float]] = {k: [] for k in ("decode", "detect", "detect_hog", "quality", "encode", "match", "frame",
                                                 "camera_path")}
    for frame in frames:
        jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])[1]  # what a webcam sends (in memory)
        t0 = time.perf_counter()
        dt, decoded = timed(lambda: decode_jpeg(jpeg))
        t["decode"].append(dt)
        dt, boxes = timed(lambda: [engine.encoder_box(f) for f in engine.detect_faces(decoded, Mode.LIVE)])
        t["detect"].append(dt)
        dt, verdict = timed(lambda: assess(decoded, boxes, settings, Mode.LIVE))
        t["quality"].append(dt)
        t["camera_path"].append(time.perf_counter() - t0)
        box = verdict.box
        if verdict.ok and box is not None:
            dt, enc = timed(lambda: engine.encode(decoded, box, Mode.LIVE))
            t["encode"].append(dt)
            if template is not None:
                t["match"].append(timed(lambda: distance(template, enc) <= settings.match_threshold)[0])
        t["frame"].append(time.perf_counter() - t0)
        t["detect_hog"].append(timed(lambda: engine.detect_hog(decoded, Mode.LIVE))[0])
    return {k: ms(v) for k, v in t.items()}


def gallery(sizes=(1000, 10_000, 100_000), reps: int = 15) -> dict:
    """1:1 match and the 1:N duplicate check: the kiosk's Gallery (cached norms) and plain ``distances``."""
    rng = np.random.default_rng(7)
    probe = rng.normal(size=128).astype(np.float32)
    one = rng.normal(size=128).astype(np.float32)
    out = {"match_1to1_ms": ms([timed(lambda: distance(one, probe) <= 0.5)[0] for _ in range(2000)])["p50"], "dup_check_ms": {},
           "dup_check_no_cache_ms": {}}
    for n in sizes:
        g = rng.normal(size=(n, 128)).astype(np.float32)
        gal = Gallery([str(i) for i in range(n)], g)
        out["dup_check_ms"][str(n)] = ms([timed(lambda: gal.nearest(probe))[0] for _ in range(reps)])["p50"]
        out["dup_check_no_cache_ms"][str(n)] = ms([timed(lambda: int(np.argmin(distances(g, probe))))[0] for _ in range(reps)])["p50"]
    return out


class UiTicker:
    """Stands in for the UI thread: how long it could not run (GIL stalls) while the pipeline worked."""

    def __init__(self) -> None:
        self.max_gap = 0.0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._tick, name="bench-ui-ticker")

    def _tick(self) -> None:
        last = time.perf_counter()
        while not self._stop.wait(0.002):
            now = time.perf_counter()
            self.max_gap = max(self.max_gap, now - last - 0.002)
            last = now

    def __enter__(self) -> "UiTicker":
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()


def decisions(engine: FaceEngine, settings: Settings, clip: list[np.ndarray], lead_in: int, judge, trials: int,
              encoder=None, needed: int | None = None, **kw) -> dict:
    """Run the pipeline on the clip ``trials`` times: decision latency from the first face frame, preview rate."""
    lat, fps, kinds = [], [], []
    with UiTicker() as ui:
        for _ in range(trials):
            src = MemorySource(clip, 30.0, realtime=True, loop=False)
            shown: list[float] = []
            pipe = CapturePipeline(src, engine, settings, needed=needed or settings.verify_frames, judge=judge,
                                   encoder=encoder, timeout_s=30, **kw)
            out = pipe.run(threading.Event(), lambda f: shown.append(time.monotonic()), lambda s: None)
            end, face_at = time.monotonic(), src.pacer.due_time(lead_in)
            kinds.append(out.kind)
            lat.append(end - face_at)
            fps.append(rate([s for s in shown if s >= face_at]))
    return {"decision": ms(lat), "preview_fps": round(float(np.median(fps)), 1), "outcomes": sorted(set(kinds)),
            "ui_block_ms_max": round(ui.max_gap * 1000, 1)}


def startup(timeout_s: float = 120.0, cmd: list[str] | None = None) -> dict:
    """Start ``kiosk --demo --smoke`` and read its start-up times; peak RSS of the kiosk and its encoder child."""
    import psutil

    cmd = cmd or [sys.executable, "-m", "kiosk", "--demo", "--smoke"]
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    peak, peak_main = 0, 0
    try:
        p = psutil.Process(proc.pid)
        deadline = time.monotonic() + timeout_s
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                main = p.memory_info().rss
                total = main + sum(c.memory_info().rss for c in p.children(recursive=True))
                peak, peak_main = max(peak, total), max(peak_main, main)
            except psutil.Error:
                pass
            time.sleep(0.02)
        if proc.poll() is None:
            proc.kill()
        out = proc.communicate(timeout=10)[0]
    except Exception as exc:  # noqa: BLE001 - any failure of the child is reported with its output
        proc.kill()
        proc.wait()
        return {"startup_s": None, "models_ready_s": None, "peak_rss_mb": None, "note": f"kiosk --demo --smoke failed: {exc}"}
    line = next((ln for ln in out.splitlines()[::-1] if ln.startswith("{")), "")
    try:
        times = json.loads(line)
    except ValueError:
        return {"startup_s": None, "models_ready_s": None, "peak_rss_mb": None,
                "note": f"kiosk --demo --smoke gave no timing line (exit {proc.returncode}); is the UI's --smoke flag there?"}
    return {"startup_s": times.get("first_screen_s"), "models_ready_s": times.get("models_ready_s"),
            "startup_ui_block_ms_max": times.get("ui_block_ms_max"),
            "peak_rss_mb": round(peak / 2**20, 1), "peak_rss_main_mb": round(peak_main / 2**20, 1),
            "note": "peak RSS sampled every 20 ms over the kiosk process and its encoder child"}
