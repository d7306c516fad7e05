"""How the 5 landmarks move between frames: parallax against the face's plane, and cuts.

**Parallax.** The eyes and the mouth corners lie close to one plane; the nose tip stands
about half an eye distance in front of it. Four points fix a homography exactly, so the map
of the reference frame's eyes and mouth corners onto the current frame's is *the* motion of
that plane, whatever it is: a shift, a zoom, a tilt, a perspective warp, a squeeze. Where that
map sends the reference frame's nose tip is where the nose would be if it lay in the plane,
as on a print or a screen. How far the real nose tip lies from there, in eye distances, is
the parallax: about 0 for anything flat, however it is held or warped; about 0.2 for a real
head turned 25 degrees. Its component along the eye line is the turn (yaw), across it the
nod (pitch).

**Cuts.** A head moves smoothly; a slideshow jumps from pose to pose. The landmark
configuration (centred, divided by the eye distance, the eye line levelled) can change only
so fast: ``max_rate`` eye distances per second (1.5: a head turning about 175 degrees a second),
judged over the frame interval (at least 1/30 s, at most ``max_gap_s``, so a missed frame or
two does not open the door to a swap), plus the detector's jitter (``noise`` eye distances,
or ``noise_px`` pixels on a small face). A photo of a head turned 30 degrees after a frontal
one moves the nose by about 0.27 eye distances at once: 2.5 times the allowance at 10 fps,
4.3 times at 30 fps.

The same holds for the parallax itself, judged apart (``max_cue_rate`` eye distances a
second, 1.2: a head turning about 190 degrees a second, plus ``cue_noise`` or ``cue_noise_px``
pixels), on the way out from the camera only (the part of a frame's change that brings the
parallax back towards 0 is not counted), and a face whose parallax already moved out on the
last frame may add that move (at most ``max_momentum``, 0.08) to the allowance: the
detector's reading of a turning head can snap by 0.13-0.14 in one frame while it turns, but
a still photo does not move before the cut. The parallax across the eye line counts at half
its size (``cue_across``): the detector reads the nose's height weakly (a nod about three
times more weakly than a turn) and, on a turned face, its reading across snapped by
0.13-0.16 in one frame on 2 of 50 surrogates, while a cut between poses jumps along it. On a small face the pixel jitter allowed for the
whole configuration (6 px on an eye distance of 45 px: 0.13) hides a cut from a frontal
still to one turned 35 degrees, whose parallax jumps by 0.19-0.25 in one frame, while a
head's parallax moves by about 0.05 a frame at 15 fps (README: Liveness).

Landmarks: a (5, 2) array in YuNet order: right eye, left eye, nose tip, right mouth corner,
left mouth corner (image coordinates). Nothing here keeps a landmark beyond the frames it
compares (rule 5).
"""

from __future__ import annotations

import numpy as np

PLANE = (0, 1, 3, 4)  # eyes and mouth corners
NOSE = 2


def _eye_frame(lm: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The unit vector along the eye line (towards the image's right), the one across it
    (towards the mouth) and the eye distance."""
    axis = lm[1] - lm[0]
    dist = float(np.hypot(*axis))
    if dist < 1e-6:
        return np.array([1.0, 0.0]), np.array([0.0, 1.0]), 0.0
    ex = axis / dist
    return ex, np.array([-ex[1], ex[0]]), dist


def _homography(src: np.ndarray, dst: np.ndarray) -> np.ndarray | None:
    """The 3x3 homography that maps the 4 points ``src`` onto ``dst`` (None if degenerate)."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    a = np.asarray(rows, np.float64)
    if abs(np.linalg.det(a)) < 1e-12:
        return None
    h = np.linalg.solve(a, np.asarray(rhs, np.float64))
    return np.append(h, 1.0).reshape(3, 3)


def parallax(reference: np.ndarray, current: np.ndarray) -> tuple[float, float]:
    """The nose tip's distance from where the plane of the eyes and mouth corners carries
    the reference nose tip, in the current frame's eye distances: (along the eye line,
    positive towards the image's right = the visitor's left; across it, positive towards
    the mouth = the visitor looks down). (0, 0) when the landmarks are degenerate."""
    ref = np.asarray(reference, np.float64).reshape(5, 2)
    cur = np.asarray(current, np.float64).reshape(5, 2)
    ex, ey, dist = _eye_frame(cur)
    h = _homography(ref[list(PLANE)], cur[list(PLANE)]) if dist > 0 else None
    if h is None:
        return 0.0, 0.0
    p = h @ np.array([ref[NOSE, 0], ref[NOSE, 1], 1.0])
    if abs(p[2]) < 1e-9:
        return 0.0, 0.0
    off = cur[NOSE] - p[:2] / p[2]
    return float(off @ ex / dist), float(off @ ey / dist)


def configuration(landmarks: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The landmarks centred on the eyes-and-mouth centroid, the eye line levelled, in eye
    distances; and the eye distance in pixels. None when the eyes coincide."""
    lm = np.asarray(landmarks, np.float64).reshape(5, 2)
    ex, ey, dist = _eye_frame(lm)
    if dist <= 0:
        return None
    centred = lm - lm[list(PLANE)].mean(axis=0)
    return np.stack([centred @ ex, centred @ ey], axis=1) / dist, dist


class Continuity:
    """Refuses a jump: ``update`` returns False when the configuration changed faster than a
    head can move (``max_rate`` eye distances a second) or the face's size jumped
    (``max_zoom_rate``: the eye distance's log-ratio a second)."""

    def __init__(self, max_rate: float = 1.5, max_zoom_rate: float = 2.5, max_gap_s: float = 0.1,
                 noise: float = 0.03, noise_px: float = 6.0, max_cue_rate: float = 1.0, cue_noise: float = 0.065,
                 cue_noise_px: float = 2.0, max_momentum: float = 0.08, cue_across: float = 0.5) -> None:
        self.max_rate, self.max_zoom_rate, self.max_gap_s = max_rate, max_zoom_rate, max_gap_s
        self.noise, self.noise_px = noise, noise_px
        self.max_cue_rate, self.cue_noise, self.cue_noise_px = max_cue_rate, cue_noise, cue_noise_px
        self.max_momentum, self.cue_across = max_momentum, cue_across
        self._momentum = 0.0  # the parallax's last move out: a head already turning may speed up
        # configuration, eye distance, time, parallax (None before the challenge's reference)
        self._last: tuple[np.ndarray, float, float, np.ndarray | None] | None = None

    def jump(self, landmarks: np.ndarray, t: float, cue: tuple[float, float] | None = None) -> float:
        """How far this frame lies beyond what a head can do since the last frame, as a
        multiple of the allowance (<= 1: continuous): its configuration, its size and, when
        given, its parallax ``cue`` (:func:`parallax` against the challenge's first frame).
        Updates the last frame."""
        found = configuration(landmarks)
        if found is None:
            return 0.0
        shape, dist = found
        # the parallax across the eye line weighs ``cue_across``: the detector reads it weakly and snaps
        now = np.asarray(cue, np.float64) * (1.0, self.cue_across) if cue is not None else None
        last, self._last = self._last, (shape, dist, t, now)
        if last is None:
            return 0.0
        dt = min(max(t - last[2], 1 / 30), self.max_gap_s)
        moved = float(np.max(np.hypot(*(shape - last[0]).T)))
        zoom = abs(float(np.log(dist / last[1]))) if last[1] > 0 else 0.0
        noise = max(self.noise, self.noise_px / dist)  # a pixel of jitter weighs more on a small face
        ratio = max(moved / (self.max_rate * dt + noise), zoom / (self.max_zoom_rate * dt + noise))
        if now is not None and last[3] is not None:
            # a move back towards the camera is not judged (a turn met needs the way out; the
            # detector's reading of a head turning back can snap by 0.17 in one frame)
            swing = float(np.hypot(*(now - last[3]))) - max(0.0, float(np.hypot(*last[3]) - np.hypot(*now)))
            allowed = self.max_cue_rate * dt + max(self.cue_noise, self.cue_noise_px / dist) + self._momentum
            ratio = max(ratio, swing / allowed)
            self._momentum = min(self.max_momentum, max(0.0, swing))
        else:
            self._momentum = 0.0
        return ratio

    def update(self, landmarks: np.ndarray, t: float, cue: tuple[float, float] | None = None) -> bool:
        return self.jump(landmarks, t, cue) <= 1.0

    def reset(self) -> None:
        self._last = None
        self._momentum = 0.0
