"""Red team: the attack species of ``kiosk pad-eval --generate``, built from dev-set people and
played through the kiosk's whole live check by ``kiosk pad-eval --live`` in a child process
(default settings: liveness both, the passive check weighed, the real detector and encoder).
No attack item may verify.

By default a few items per property (a seed under which a slideshow item verified before the
parallax was judged for cuts); ``KIOSK_REDTEAM_LONG=1`` builds 50 items per species.
Items are written under the test's tmp_path only."""

from __future__ import annotations

import json
import os

import pytest
from liveness_helpers import shared
from test_pad_live import kiosk_cmd

LONG = os.environ.get("KIOSK_REDTEAM_LONG") == "1"
PER_SPECIES = 50 if LONG else 2
SEED = 11


def attack_items(tmp_path, species: str) -> dict:
    lfw = shared("lfw-devtrain")
    out = tmp_path / "items"
    gen = kiosk_cmd("pad-eval", "--generate", out, "--from", lfw, "--per-species", PER_SPECIES, "--seed", SEED,
                    "--species", species, cwd=tmp_path)
    assert gen.returncode == 0, gen.stderr
    res = kiosk_cmd("pad-eval", "--live", out, "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    result = json.loads(res.stdout)
    played = [it for it in result["items"] if it["outcome"] != "no_template"]
    assert played, result  # the property is measured on items that were played
    return result


def accepted(result: dict) -> list[str]:
    return [f"{it['folder']}/{it['name']} ({it['clips']})" for it in result["items"] if it["accepted"]]


def test_a_slideshow_of_the_member_s_poses_never_verifies(tmp_path):
    """Stills of the member facing the camera and turned the asked way, cut between them, on
    a face as small as a 320x240 camera gives (where the landmarks' pixel allowance hides the
    cut and the parallax's jump does not)."""
    result = attack_items(tmp_path, "slideshow")
    assert accepted(result) == [], result["folders"]


def test_someone_else_turning_with_the_member_s_photo_swapped_in_never_verifies(tmp_path):
    """The member's photo at the start and between the steps, somebody else's turns: a turned
    frame counts only as the member or as the first frame's face, and it is neither."""
    result = attack_items(tmp_path, "swap")
    assert accepted(result) == [], result["folders"]


@pytest.mark.skipif(not LONG, reason="KIOSK_REDTEAM_LONG=1: 50 items of each flat species")
@pytest.mark.parametrize("species", ["warped", "mirrored", "print", "replay"])
def test_flat_presentations_never_verify(tmp_path, species):
    """Warped, mirrored, printed and on a phone screen: flat things, refused."""
    result = attack_items(tmp_path, species)
    assert accepted(result) == [], result["folders"]
