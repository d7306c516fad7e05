"""Frames of presentation attacks, built in memory from a framed photo (no Qt, no files).

Each function takes a W x H frame in which a photo's face is framed as at the kiosk, with
that face's five landmarks (YuNet order), and returns frames; :mod:`kiosk.liveness.generate`
writes them as clips. Poses follow :func:`kiosk.liveness.surrogate.step_poses`, so an
attacker's clip for a step lasts as long as a cooperative visitor's.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from kiosk.liveness.surrogate import POSES, head_geometry, step_poses, turn_head


def _f32(values) -> np.ndarray:
    """An array of float32 (what OpenCV's geometry functions take)."""
    return np.asarray(values, np.float32)

#: the frame size of the clips: the source photos' own resolution (a news photo's face is
#: ~110 px high; framed at 45 % of 240 px it is not enlarged), with a 4:3 camera's shape
W, H = 320, 240
PX = W / 640  # pixel sizes below are given for a 640x480 camera


def frame_photo(img: np.ndarray, box, fraction: float = 0.45, size: tuple[int, int] | None = None) -> np.ndarray:
    """A ``size`` frame (default W x H) cut from ``img`` in which the face ``box`` (top, right,
    bottom, left) is ``fraction`` of the height, centred (the photo's edge pixels repeated)."""
    top, right, bottom, left = box
    w, h = size or (W, H)
    s = fraction * h / max(1, bottom - top)
    m = _f32([[s, 0, w / 2 - s * (left + right) / 2], [0, s, h / 2 - s * (top + bottom) / 2]])
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def plane_warp(frame: np.ndarray, yaw_deg: float = 0.0, pitch_deg: float = 0.0, roll_deg: float = 0.0,
               scale: float = 1.0, shift: tuple[float, float] = (0.0, 0.0), centre: tuple[float, float] | None = None,
               background: np.ndarray | None = None) -> np.ndarray:
    """``frame`` as a flat sheet turned, tilted and rolled about ``centre`` in front of a pinhole
    camera (focal length = frame width), scaled and shifted: a perspective warp. Outside the
    sheet: ``background`` (or a grey wall)."""
    h, w = frame.shape[:2]
    cx, cy = centre if centre is not None else (w / 2, h / 2)
    f = float(w)
    a, b, c = (math.radians(v) for v in (yaw_deg, pitch_deg, roll_deg))
    ry = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    rot = rz @ rx @ ry
    corners = _f32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = []
    for x, y in corners:
        p = rot @ np.array([(x - cx) * scale, (y - cy) * scale, 0.0]) + np.array([0, 0, f])
        moved.append([cx + shift[0] + f * p[0] / p[2], cy + shift[1] + f * p[1] / p[2]])
    m = cv2.getPerspectiveTransform(corners, _f32(moved))
    if background is None:
        return cv2.warpPerspective(frame, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(118, 122, 126))
    return cv2.warpPerspective(frame, m, (w, h), dst=background.copy(), borderMode=cv2.BORDER_TRANSPARENT)


def camera(frames: list[np.ndarray], rng: np.random.Generator, noise: float = 2.0) -> list[np.ndarray]:
    """What a colour camera adds to whatever is in front of it: sensor noise (a few noise
    fields, taken in a random order) and a little blur."""
    if not frames:
        return []
    fields = [rng.normal(0, noise, frames[0].shape).astype(np.int16) for _ in range(4)]
    out = []
    for f in frames:
        g = cv2.GaussianBlur(f, (3, 3), 0.6).astype(np.int16)
        out.append(np.clip(g + fields[int(rng.integers(len(fields)))], 0, 255).astype(np.uint8))
    return out


def wall(rng: np.random.Generator) -> np.ndarray:
    """A plain, unevenly lit wall behind a held sheet or phone."""
    base = rng.uniform(90, 170, size=3)
    ramp = np.linspace(0.85, 1.1, W)[None, :, None] * np.linspace(1.05, 0.9, H)[:, None, None]
    return np.clip(base[None, None, :] * ramp, 0, 255).astype(np.uint8)


def bona_fide_step(frame: np.ndarray, lm: np.ndarray, step: str, fps: float, seed: int, reach: float = 1.0) -> list[np.ndarray]:
    """The cooperative visitor (the depth-model surrogate) doing ``step`` (``reach``: how far, see
    :func:`~kiosk.liveness.surrogate.step_poses`)."""
    return [turn_head(frame, lm, yaw, pitch) for yaw, pitch in step_poses(step, fps, seed=seed, reach=reach)]


def slideshow_step(frame: np.ndarray, lm: np.ndarray, step: str, fps: float, reach: float = 1.0) -> list[np.ndarray]:
    """Stills of the member at different head turns, each held, with cuts between them: the
    photo facing the camera, then a photo turned the way ``step`` asks (at a full turn, times
    ``reach``), then the photo again."""
    n = lambda s: max(1, int(round(s * fps)))  # noqa: E731
    if step == "centre":
        return [frame] * n(1.4)
    yaw, pitch = (reach * v for v in POSES[step])
    posed = turn_head(frame, lm, yaw, pitch)
    return [frame] * n(0.5) + [posed] * n(0.8) + [frame] * n(0.6)


def _nose_slide(frame: np.ndarray, lm: np.ndarray, yaw: float, pitch: float) -> np.ndarray:
    """The piecewise warp an attacker with a photo editor makes: the nose slid the way of the
    turn and the far half of the face squeezed (a 2-D warp of one frontal photo)."""
    g = head_geometry(lm)
    d, (cx, cy), nose = g["eye_dist"], g["centre"], g["nose"]
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float32)
    slide_x, slide_y = 0.35 * d * yaw / POSES["left"][0], -0.3 * d * pitch / POSES["up"][1]
    near = np.exp(-(((xs - nose[0]) / (0.45 * d)) ** 2 + ((ys - nose[1]) / (0.6 * d)) ** 2) / 2)
    face = np.clip(1.2 - np.sqrt(((xs - cx) / g["a"]) ** 2 + ((ys - cy) / g["b"]) ** 2), 0, 1)
    squeeze = 0.25 * abs(yaw) / POSES["left"][0]
    side = (xs - cx) * np.sign(yaw) > 0  # the half the nose moves towards
    map_x = xs - slide_x * near + np.where(side, (xs - cx) * squeeze * face, 0.0)
    map_y = ys - slide_y * near
    return cv2.remap(frame, map_x.astype(np.float32), map_y.astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)


def warped_step(frame: np.ndarray, lm: np.ndarray, step: str, fps: float, seed: int, piecewise: bool,
                reach: float = 1.0) -> list[np.ndarray]:
    """One frontal photo following ``step``: turned and tilted as a sheet (perspective), or
    (``piecewise``) with its nose slid and half the face squeezed, and tilted a little too
    (``reach``: how far, as for the surrogate)."""
    centre = tuple(head_geometry(lm)["centre"])
    out = []
    for yaw, pitch in step_poses(step, fps, seed=seed, reach=reach):
        if piecewise:
            out.append(plane_warp(_nose_slide(frame, lm, yaw, pitch), 0.3 * yaw, 0.3 * pitch, centre=centre))
        else:
            out.append(plane_warp(frame, 1.2 * yaw, 1.2 * pitch, centre=centre))
    return out


def mirrored_step(turned: np.ndarray, lm: np.ndarray, cue: float, step: str, fps: float, seed: int) -> list[np.ndarray]:
    """One turned photo (``cue``: its nose offset, the sign says which way it is turned) and its
    mirror image, held by hand: the one turned the way ``step`` asks for "left"/"right", the
    photo tilted as a sheet for "up"/"down", the photo for "centre"."""
    rng = np.random.default_rng(seed)
    mirror = cv2.flip(turned, 1)
    if step in ("left", "right"):
        shown = turned if (cue >= 0) == (step == "left") else mirror
        pitch_of = lambda a: 0.0  # noqa: E731
    else:
        shown = turned
        pitch_of = lambda a: 25.0 * a * (1 if step == "up" else -1)  # noqa: E731
    poses = step_poses(step if step in ("up", "down") else "centre", fps, seed=seed)
    n = len(step_poses("left", fps))
    phase = rng.uniform(0, 6.28)
    frames = []
    for i in range(n):
        amount = abs(poses[i % len(poses)][1]) / 25.0 if step in ("up", "down") else 0.0
        frames.append(plane_warp(shown, 3 * math.sin(phase + i / 4), pitch_of(amount), 2 * math.sin(phase + i / 6),
                                 shift=(4 * PX * math.sin(phase + i / 5), 3 * PX * math.cos(phase + i / 7))))
    return frames


def swap_step(other: np.ndarray, other_lm: np.ndarray, member: np.ndarray, step: str, fps: float,
              seed: int, shown_s: float = 0.6) -> list[np.ndarray]:
    """Somebody else does ``step`` (the surrogate); the member's photo, laid over where their
    face is, appears for ``shown_s`` once they face the camera again."""
    turn = bona_fide_step(other, other_lm, step, fps, seed)
    n = max(1, int(round(shown_s * fps)))
    rest = max(1, int(round(0.3 * fps)))  # step_poses ends facing the camera for 0.3 s
    return turn[:-rest] + [member] * n + turn[-rest:]


def align_to(img: np.ndarray, lm: np.ndarray, target_lm: np.ndarray) -> np.ndarray:
    """``img`` moved, scaled and rotated so that its eyes and mouth lie on ``target_lm``'s."""
    idx = [0, 1, 3, 4]
    m, _ = cv2.estimateAffinePartial2D(_f32(lm)[idx], _f32(target_lm)[idx])
    if m is None:
        return img
    return cv2.warpAffine(img, m, (W, H), borderMode=cv2.BORDER_REPLICATE)


def _bend(sheet: np.ndarray, amount: float) -> np.ndarray:
    """A sheet bent about its vertical axis (its middle nearer the camera): a cylindrical warp."""
    h, w = sheet.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xs - w / 2) / (w / 2)
    map_x = w / 2 + (w / 2) * np.sin(u * (1 + amount)) / math.sin(1 + amount) if amount else xs
    map_y = h / 2 + (ys - h / 2) * (1 - amount * 0.08 * (1 - u * u))
    return cv2.remap(sheet, _f32(map_x), _f32(map_y), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def zoom(frame: np.ndarray, centre: tuple[float, float], factor: float) -> np.ndarray:
    """``frame`` enlarged ``factor`` times about ``centre`` (a print or a screen held close
    shows the face as large as a visitor's)."""
    m = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), 0.0, factor)
    m[:, 2] += np.array([W / 2 - centre[0], H / 2 - centre[1]])
    return cv2.warpAffine(frame, m, (W, H), borderMode=cv2.BORDER_REPLICATE)


def print_sheet(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The photo printed on paper: a white border, the ink's smaller range, paper grain and
    fibres, a slight blur, on a W x H canvas (the sheet fills it)."""
    photo: np.ndarray = cv2.GaussianBlur(frame, (3, 3), 0.9).astype(np.float32)
    photo = photo * 0.78 + 30  # ink does not reach the screen's black or white
    border = int(rng.uniform(18, 34) * PX)
    sheet: np.ndarray = np.full((H + 2 * border, W + 2 * border, 3), rng.uniform(225, 245), np.float32)
    sheet[border:-border, border:-border] = photo
    grain = rng.normal(0, 6, sheet.shape[:2]).astype(np.float32)
    fibres = cv2.GaussianBlur(rng.normal(0, 12, sheet.shape[:2]).astype(np.float32), (0, 0), 3)
    sheet = sheet * (1 + (grain + fibres)[..., None] / 255)
    sheet = cv2.resize(np.clip(sheet, 0, 255).astype(np.uint8), (W, H), interpolation=cv2.INTER_AREA)
    return _bend(sheet, float(rng.uniform(0.0, 0.25)))


def print_clip(frame: np.ndarray, lm: np.ndarray, fps: float, seed: int, seconds: float = 3.0) -> list[np.ndarray]:
    """A print of the photo held in front of the camera, still (a hand's tremor) or moved as a
    plane (turned and tilted back and forth), against a wall."""
    rng = np.random.default_rng(seed)
    sheet = print_sheet(zoom(frame, head_geometry(lm)["centre"], 1.3), rng)
    back = wall(rng)
    moving = bool(seed % 2)
    centre = (W / 2, H / 2)  # the face, after the zoom
    scale = float(rng.uniform(0.92, 1.02))
    out = []
    for i in range(int(seconds * fps)):
        t = i / fps
        if moving:
            yaw, pitch, roll = 25 * math.sin(2.1 * t), 12 * math.sin(1.3 * t + 1), 4 * math.sin(0.9 * t)
        else:
            yaw, pitch, roll = 1.5 * math.sin(7 * t), 1.0 * math.sin(5 * t + 1), 0.5 * math.sin(3 * t)
        out.append(plane_warp(sheet, yaw, pitch, roll, scale=scale, centre=centre, background=back))
    return out


def phone_screen(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The photo on a phone held in landscape near the camera: a bright, bluish emissive
    picture with the screen's pixel grid, moire between that grid and the camera's, a glare
    band, and a black bezel and dark body around it, on a W x H canvas."""
    bezel, body = int(rng.uniform(14, 24) * PX), int(rng.uniform(10, 18) * PX)
    sw, sh = W - 2 * (bezel + body), H - 2 * (bezel + body)
    screen: np.ndarray = cv2.resize(frame, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32)
    screen = screen * _f32([1.08, 1.0, 0.94]) + 12  # emissive, a cooler white
    ys, xs = np.mgrid[0:sh, 0:sw].astype(np.float32)
    angle, period = rng.uniform(0, math.pi), rng.uniform(3.0, 5.0)
    moire = 1 + 0.10 * np.sin(2 * math.pi * (xs * math.cos(angle) + ys * math.sin(angle)) / period)
    grid = 1 - 0.08 * ((xs.astype(np.int32) % 3) == 2) - 0.05 * ((ys.astype(np.int32) % 3) == 2)
    glare = 40 * np.exp(-(((xs - ys * rng.uniform(0.5, 1.5)) - rng.uniform(0, sw)) / (0.12 * sw)) ** 2)
    screen = screen * (moire * grid)[..., None] + glare[..., None]
    phone = np.full((H, W, 3), rng.uniform(20, 45), np.float32)
    r = bezel + body
    cv2.rectangle(phone, (body, body), (W - body, H - body), (5, 5, 5), -1)
    phone[r:r + sh, r:r + sw] = screen
    return np.clip(phone, 0, 255).astype(np.uint8)


def replay_clip(frame: np.ndarray, lm: np.ndarray, fps: float, seed: int, seconds: float = 3.0) -> list[np.ndarray]:
    """The photo shown on a simulated phone screen, held by hand in front of the camera."""
    rng = np.random.default_rng(seed)
    phone = phone_screen(zoom(frame, head_geometry(lm)["centre"], 1.35), rng)
    back = wall(rng)
    scale = float(rng.uniform(1.0, 1.12))  # held close: the face as large as a visitor's
    centre = (W / 2, H / 2)  # the face, after the zoom
    out = []
    for i in range(int(seconds * fps)):
        t = i / fps
        out.append(plane_warp(phone, 4 * math.sin(3 * t), 3 * math.sin(2.3 * t + 1), 1.5 * math.sin(1.7 * t),
                              scale=scale, centre=centre, background=back))
    return out


def screen_turn_step(frame: np.ndarray, lm: np.ndarray, step: str, fps: float, seed: int, phone_seed: int,
                     reach: float = 1.0) -> list[np.ndarray]:
    """The residual risk: a video of the member doing ``step`` (the depth-model surrogate)
    played on a simulated phone screen (moire, pixel grid, glare, bezel) on a stand in front
    of the camera, following the prompts. The same phone, stand and wall for every step of an
    item (``phone_seed``)."""
    rng = np.random.default_rng(phone_seed)
    back, scale = wall(rng), float(rng.uniform(1.0, 1.12))
    yaw, pitch, roll = rng.uniform(-4, 4), rng.uniform(-3, 3), rng.uniform(-1.5, 1.5)  # the stand's tilt
    centre = head_geometry(lm)["centre"]
    out = []
    for y, p in step_poses(step, fps, seed=seed, reach=reach):
        shown = phone_screen(zoom(turn_head(frame, lm, y, p), centre, 1.35), np.random.default_rng(phone_seed))
        out.append(plane_warp(shown, yaw, pitch, roll, scale=scale, centre=(W / 2, H / 2), background=back))
    return out
