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
import time
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection
from typing import Callable, Protocol

import numpy as np

from kiosk.biometrics.engine import Box, FaceEngine, Mode
from kiosk.errors import EngineError


def _child_main() -> None:
    """The encoder child: load the engine, then answer ``(request id, face region, box)``
    requests with ``(kind, request id, value)`` until told to stop."""
    conn_in = Connection(os.dup(0), writable=False)
    conn_out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the pipe
    try:
        engine = pickle.loads(conn_in.recv_bytes())()
        engine.load()
    except Exception as exc:  # noqa: BLE001 - the child reports any failure to its owner
        conn_out.send(("error", 0, f"{type(exc).__name__}: {exc}"))
        return
    conn_out.send(("ready", 0, None))
    while True:
        try:
            msg = conn_in.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        request, region, box = msg
        try:
            conn_out.send(("ok", request, np.asarray(engine.encode(region, box, Mode.LIVE), np.float32)))
        except Exception as exc:  # noqa: BLE001 - the child reports any failure to its owner
            conn_out.send(("error", request, f"{type(exc).__name__}: {exc}"))


class EncoderState(Enum):
    STARTING = "starting"
    READY = "ready"
    RESTARTING = "restarting"  # the child timed out or died; a new one is loading
    FAILED = "failed"  # the child cannot start, or kept dying: face checks are off, PIN works
    STOPPED = "stopped"


@dataclass(frozen=True)
class EncoderHealth:
    """For the staff dashboard: no frame, no template."""

    state: EncoderState
    restarts: int = 0
    last_problem: str = ""


class Encoder(Protocol):
    """What the capture pipeline needs from an encoder (chosen in the composition root)."""

    def encode(self, frame: np.ndarray, box: Box) -> np.ndarray: ...

    def health(self) -> EncoderHealth: ...

    def wait_ready(self) -> None: ...  # blocks until the models are loaded (or raises EngineError)

    def close(self) -> None: ...


class InProcessEncoder:
    """Encodes on the calling thread with the kiosk's own engine (fake engine, tests)."""

    def __init__(self, engine: FaceEngine) -> None:
        self.engine = engine

    def encode(self, frame: np.ndarray, box: Box) -> np.ndarray:
        return self.engine.encode(frame, box, Mode.LIVE)

    def health(self) -> EncoderHealth:
        return EncoderHealth(EncoderState.READY)

    def wait_ready(self) -> None:
        self.engine.load()

    def close(self) -> None:
        pass


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

    Every request carries an id and an answer to any other id is dropped, so a late answer
    can never be taken for the current face. A child that does not answer in time is killed;
    a child that dies is replaced (supervised, up to ``max_restarts`` in a row without a
    successful encoding); :meth:`health` says how it goes.
    """

    def __init__(self, engine_factory: Callable[[], FaceEngine], *, start_timeout_s: float = 120.0,
                 encode_timeout_s: float = 10.0, max_restarts: int = 5):
        self.engine_factory = engine_factory
        self.start_timeout_s, self.encode_timeout_s = start_timeout_s, encode_timeout_s
        self.max_restarts = max_restarts
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._ready = False
        self._request = 0
        self._restarts = 0  # since start
        self._failures_in_row = 0
        self._state = EncoderState.STOPPED
        self._problem = ""

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def health(self) -> EncoderHealth:
        return EncoderHealth(self._state, self._restarts, self._problem)

    def start(self) -> "ProcessEncoder":
        with self._lock:
            self._spawn()
            self._state = EncoderState.STARTING
        return self

    def _spawn(self) -> None:
        # Ctrl-C is for the kiosk, which stops the child itself: the child has its own process
        # group (a terminal's Ctrl-C does not reach it) and ignores SIGINT, so it never prints a
        # traceback over the parent's one-line answer
        code = ("import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                "from kiosk.camera.encoder import _child_main; _child_main()")
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                process_group=0)
        assert proc.stdin is not None and proc.stdout is not None  # both are pipes
        self._proc = proc
        self._send = Connection(os.dup(proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(proc.stdout.fileno()), writable=False)
        self._ready = False
        self._send.send_bytes(pickle.dumps(self.engine_factory))

    def _reap(self) -> None:
        """Kill the current child (hung or dead) and release its pipes."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.kill()
        proc.wait()
        for c in (self._send, self._recv, proc.stdin, proc.stdout):
            if c is not None:
                c.close()

    def _replace(self, problem: str) -> None:
        """The child hung or died: kill it and start another, unless it keeps failing."""
        self._reap()
        self._problem = problem
        self._failures_in_row += 1
        if self._failures_in_row > self.max_restarts:
            self._state = EncoderState.FAILED
            return
        self._restarts += 1
        self._spawn()
        self._state = EncoderState.RESTARTING

    def _answer(self, timeout: float, request: int):
        """The answer to ``request``; answers to any other request are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self._recv.poll(left):
                self._replace(f"no answer within {timeout:g} s")
                raise EngineError(f"The face encoder did not answer within {timeout:g} s.",
                                  remedy="Try again; it is being restarted.")
            try:
                kind, answered, value = self._recv.recv()
            except (EOFError, OSError):
                self._replace("the encoder process stopped")
                raise EngineError("The face encoder stopped.", remedy="Try again; it is being restarted.") from None
            if answered == request:
                return kind, value

    def wait_ready(self) -> None:
        """Block until the child has loaded its models (EngineError if it cannot)."""
        with self._lock:
            self._wait_ready_locked()

    def _wait_ready_locked(self) -> None:
        if self._proc is None:
            if self._state is EncoderState.FAILED:
                raise EngineError(f"The face encoder keeps failing ({self._problem}).", remedy="Restart the kiosk.")
            raise EngineError("The face encoder is not running.", remedy="Call start() first.")
        if not self._ready:
            kind, detail = self._answer(self.start_timeout_s, 0)
            if kind != "ready":
                self._reap()
                self._state, self._problem = EncoderState.FAILED, str(detail)
                raise EngineError(f"The face encoder could not start ({detail}).", remedy="Run 'uv sync' and restart.")
            self._ready = True
            self._state = EncoderState.READY

    def encode(self, frame: np.ndarray, box: Box) -> np.ndarray:
        with self._lock:
            self._wait_ready_locked()
            self._request += 1
            region, region_box = face_region(frame, box)
            try:
                self._send.send((self._request, region, region_box))
            except (OSError, ValueError):
                self._replace("the encoder process stopped")
                raise EngineError("The face encoder stopped.", remedy="Try again; it is being restarted.") from None
            kind, value = self._answer(self.encode_timeout_s, self._request)
            if kind == "ok":
                self._failures_in_row = 0
        if kind != "ok":
            raise EngineError(f"Encoding failed in the encoder process ({value}).", remedy="Use card or PIN.")
        return value

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
            self._state = EncoderState.STOPPED
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
                if c is not None:
                    c.close()

    def __enter__(self) -> "ProcessEncoder":
        return self if self._proc is not None else self.start()

    def __exit__(self, *exc) -> None:
        self.close()
