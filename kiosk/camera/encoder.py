"""Encoding in a child process, for the capture pipeline.

dlib keeps Python's GIL for the whole ~60 ms of an encoding, so encoding on a thread of
the kiosk process stalls detection, the preview and the Qt UI thread. :class:`ProcessEncoder`
runs the engine in a child interpreter instead and talks to it over a pipe: only the face
region travels, in memory; nothing is written to disk (rule 5).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Callable

import numpy as np

from kiosk.biometrics.engine import Box, FaceEngine, Mode
from kiosk.errors import EngineError


def _child_main() -> None:
    """The encoder child: load the engine, then encode (face region, box) requests until told to stop."""
    conn_in = Connection(os.dup(0), writable=False)
    conn_out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the pipe
    try:
        engine = pickle.loads(conn_in.recv_bytes())()
        engine.load()
    except Exception as exc:
        conn_out.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn_out.send(("ready", None))
    while True:
        try:
            msg = conn_in.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        try:
            conn_out.send(("ok", np.asarray(engine.encode(msg[0], msg[1], Mode.LIVE), np.float32)))
        except Exception as exc:
            conn_out.send(("error", f"{type(exc).__name__}: {exc}"))


def face_region(frame: np.ndarray, box: Box, margin: float = 1.0) -> tuple[np.ndarray, Box]:
    """The face with ``margin`` x its size around it (all that alignment needs), and the box in it."""
    h, w = frame.shape[:2]
    top, right, bottom, left = box
    m = int(margin * max(bottom - top, right - left))
    y0, x0, y1, x1 = max(0, top - m), max(0, left - m), min(h, bottom + m), min(w, right + m)
    return np.ascontiguousarray(frame[y0:y1, x0:x1]), (top - y0, right - x0, bottom - y0, left - x0)


class ProcessEncoder:
    """Encodes in a child process with its own engine, so dlib's GIL never stalls this process.

    ``engine_factory`` must be picklable (a class, ``functools.partial`` or module-level
    function). The child is a fresh interpreter (``python -c``), so nothing of this process
    (Qt threads, its main module) is forked or re-run. ``encode`` blocks the calling thread
    only (waiting on a pipe, GIL released) and raises EngineError when the child fails.
    """

    def __init__(self, engine_factory: Callable[[], FaceEngine], *, start_timeout_s: float = 120.0, encode_timeout_s: float = 10.0):
        self.engine_factory = engine_factory
        self.start_timeout_s, self.encode_timeout_s = start_timeout_s, encode_timeout_s
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._ready = False

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> "ProcessEncoder":
        code = "from kiosk.camera.encoder import _child_main; _child_main()"
        self._proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._send = Connection(os.dup(self._proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self._proc.stdout.fileno()), writable=False)
        self._send.send_bytes(pickle.dumps(self.engine_factory))
        return self

    def _answer(self, timeout: float):
        if not self._recv.poll(timeout):
            raise EngineError(f"The face encoder did not answer within {timeout:g} s.", remedy="Restart the kiosk.")
        try:
            return self._recv.recv()
        except (EOFError, OSError):
            raise EngineError("The face encoder stopped.", remedy="Restart the kiosk.") from None

    def wait_ready(self) -> None:
        """Block until the child has loaded its models (EngineError if it cannot)."""
        with self._lock:
            self._wait_ready_locked()

    def _wait_ready_locked(self) -> None:
        if self._proc is None:
            raise EngineError("The face encoder is not running.", remedy="Call start() first.")
        if not self._ready:
            kind, detail = self._answer(self.start_timeout_s)
            if kind != "ready":
                raise EngineError(f"The face encoder could not start ({detail}).", remedy="Run 'uv sync' and restart.")
            self._ready = True

    def encode(self, frame: np.ndarray, box: Box) -> np.ndarray:
        with self._lock:
            self._wait_ready_locked()
            try:
                self._send.send(face_region(frame, box))
            except (OSError, ValueError):
                raise EngineError("The face encoder stopped.", remedy="Restart the kiosk.") from None
            kind, value = self._answer(self.encode_timeout_s)
        if kind != "ok":
            raise EngineError(f"Encoding failed in the encoder process ({value}).", remedy="Use card or PIN.")
        return value

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
            if proc is None:
                return
            try:
                self._send.send(None)
            except (OSError, ValueError):
                pass
            try:
                proc.wait(timeout=3.0)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=2.0)
            for c in (self._send, self._recv, proc.stdin, proc.stdout):
                c.close()

    def __enter__(self) -> "ProcessEncoder":
        return self if self._proc is not None else self.start()

    def __exit__(self, *exc) -> None:
        self.close()
