"""`kiosk pad-eval --live DIR`: items played through the kiosk's own live check. A
prompt-following item plays the clip of the step the challenge asks; the folder format is
read as the README documents it; the command reports APCER per species, BPCER and the reason
per item, as a table and as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
from liveness_helpers import shared

from kiosk.bench.pad import FrameClock, Item, ItemCamera

REPO = Path(__file__).resolve().parents[1]
COLOURS = {"left": 40, "right": 80, "centre": 120, "left-2": 160, "clip": 200}


def solid_clip(path: Path, value: int, n: int) -> None:
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (64, 48))
    for _ in range(n):
        w.write(np.full((48, 64, 3), value, np.uint8))
    w.release()


def which(frame: np.ndarray) -> str:
    """The clip a frame comes from (by its grey level; MJPG moves it a little)."""
    return min(COLOURS, key=lambda k: abs(COLOURS[k] - float(frame.mean())))


def kiosk_cmd(*argv, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(cwd), XDG_DATA_HOME=str(cwd / "xdg"))
    return subprocess.run([sys.executable, "-m", "kiosk", *map(str, argv)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_a_prompt_following_item_plays_the_asked_steps_clip_after_the_current_one_ends(tmp_path):
    for step in ("left", "right", "centre"):
        solid_clip(tmp_path / f"{step}.avi", COLOURS[step], 4)
    clock = FrameClock(15.0)
    cam = ItemCamera(Item("real", "x", tmp_path, {"kind": "prompt-following"}), clock, max_frames=100)
    seen = []
    for want in ["centre"] + ["left"] * 5 + ["right"] * 6 + ["up"] * 4:  # "up" has no clip here: centre plays
        cam.want = want
        seen.append(which(cam.read()))
    assert seen[:4] == ["centre"] * 4  # the clip that had started plays to its end
    assert seen[4:8] == ["left"] * 4 and seen[8:12] == ["right"] * 4 and seen[12:16] == ["centre"] * 4
    assert cam.played == ["centre", "left", "right", "centre"] and clock() == 16 / 15


def test_a_step_still_asked_after_its_clip_plays_its_next_try_and_a_new_step_starts_at_the_first(tmp_path):
    """A person whose turn was not counted turns again, further: ``left-2.avi`` plays when the
    challenge still asks the same step after ``left.avi``; the last try repeats after that; a
    step asked anew (one step later) starts at its first try again."""
    for step in ("left", "left-2", "centre"):
        solid_clip(tmp_path / f"{step}.avi", COLOURS[step], 2)
    cam = ItemCamera(Item("real", "x", tmp_path, {"kind": "prompt-following"}), FrameClock(15.0), max_frames=100)
    cam.want, cam.asked = "left", 0
    first = [which(cam.read()) for _ in range(6)]
    assert first == ["left"] * 2 + ["left-2"] * 4
    cam.want, cam.asked = "left", 1  # the step was counted: the next "left" is a new step
    assert [which(cam.read()) for _ in range(4)] == ["left"] * 2 + ["left-2"] * 2
    assert cam.played == ["left", "left-2", "left-2", "left", "left-2"]


def test_a_plain_item_loops_its_one_clip(tmp_path):
    solid_clip(tmp_path / "clip.avi", COLOURS["clip"], 3)
    cam = ItemCamera(Item("print", "x", tmp_path, {"kind": "plain"}), FrameClock(15.0), max_frames=100)
    for want in ("left", "right", "centre", "left", "left", "left", "left"):
        cam.want = want
        assert which(cam.read()) == "clip"
    assert cam.played == ["clip"] * 3


def test_pad_eval_live_reads_a_hand_made_folder_and_reports_each_item_as_json_and_as_a_table(tmp_path):
    faces = shared("faces")
    from kiosk.app import make_engine
    from kiosk.biometrics.engine import Mode
    from kiosk.liveness.attacks import frame_photo

    img = cv2.imread(str(faces / "obama2.jpg"))
    box = max(make_engine().detect_faces(img, Mode.STILL), key=lambda f: f.height).box
    item = tmp_path / "bench" / "still" / "obama"
    item.mkdir(parents=True)
    w = cv2.VideoWriter(str(item / "clip.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (320, 240))
    for _ in range(30):
        w.write(frame_photo(img, box))  # a photo held perfectly still
    w.release()
    (item / "manifest.json").write_text(json.dumps({"species": "still", "kind": "plain", "enrolled": "obama.jpg"}))

    no_from = kiosk_cmd("pad-eval", "--live", tmp_path / "bench", cwd=tmp_path)
    assert no_from.returncode == 2 and "--from" in no_from.stderr and len(no_from.stderr.strip().splitlines()) == 1

    res = kiosk_cmd("pad-eval", "--live", tmp_path / "bench", "--from", faces, "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["liveness"] == "both" and out["bpcer"] is None and out["apcer"] == {"still": 0.0}
    [it] = out["items"]
    assert it["folder"] == "still" and it["name"] == "obama" and not it["accepted"]
    assert it["outcome"] == "liveness_failed" and it["refusal"] in ("passive", "timeout")
    assert out["folders"]["still"]["refusals"] == {it["refusal"]: 1}

    table = kiosk_cmd("pad-eval", "--live", tmp_path / "bench", "--from", faces, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "APCER 0.0 %" in table.stdout and "still/obama" in table.stdout and it["refusal"] in table.stdout
    assert not list(tmp_path.rglob("*.jpg")) and not list(tmp_path.rglob("*.png"))  # nothing but the clip was written


def test_generate_then_live_on_one_item_per_species_from_the_dev_set(tmp_path):
    lfw = shared("lfw-devtrain")
    out = tmp_path / "items"
    gen = kiosk_cmd("pad-eval", "--generate", out, "--from", lfw, "--per-species", 1, "--seed", 6,
                    "--species", "real,print", cwd=tmp_path)
    assert gen.returncode == 0, gen.stderr
    assert json.loads(gen.stdout.strip().splitlines()[-1])["items"] == {"real": 1, "print": 1}
    assert json.loads((out / "bench.json").read_text())["from"] == str(lfw.resolve())
    res = kiosk_cmd("pad-eval", "--live", out, "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    result = json.loads(res.stdout)
    assert set(result["apcer"]) == {"print"} and result["bpcer"] in (0.0, 1.0)
    assert result["apcer"]["print"] == 0.0
    for it in result["items"]:
        assert it["outcome"] in ("match", "no_match", "liveness_failed", "timeout")
        assert it["accepted"] == (it["outcome"] == "match")
    [real] = [it for it in result["items"] if it["folder"] == "real"]
    if real["outcome"] == "match":  # it followed the prompts: the clips of both turns were played
        assert real["clips"].split()[0] == "centre" and {"left", "right"} <= set(real["clips"].split())
