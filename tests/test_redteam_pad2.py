"""Red team: attackers who try again, further, and the nose-height allowance of the cut rule.

The bona fide surrogate turns further (45 degrees) on a second try at a step that was not
counted, as a person does; the attack generators' slideshow and warped photo do the same
(a more turned pose, a stronger warp). The cut rule counts the parallax across the eye line
at half its size (the detector reads the nose's height weakly and it snaps on a turned face).
Neither may open a door: items are generated from dev-set people under the test's tmp_path
and played by ``kiosk pad-eval --live`` in a child process with default settings.

By default 2 items per species; ``KIOSK_REDTEAM_LONG=1`` builds 50 items per species."""

from __future__ import annotations

import json
import os

import pytest
from liveness_helpers import shared
from test_pad_live import kiosk_cmd

LONG = os.environ.get("KIOSK_REDTEAM_LONG") == "1"
PER_SPECIES = 50 if LONG else 2
SEED = 5


def play(tmp_path, species: str) -> dict:
    lfw = shared("lfw-devtrain")
    out = tmp_path / "items"
    gen = kiosk_cmd("pad-eval", "--generate", out, "--from", lfw, "--per-species", PER_SPECIES, "--seed", SEED,
                    "--species", species, cwd=tmp_path)
    assert gen.returncode == 0, gen.stderr
    assert list(out.rglob("left-2.avi")), "the items hold a second try"
    res = kiosk_cmd("pad-eval", "--live", out, "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    result = json.loads(res.stdout)
    assert [it for it in result["items"] if it["outcome"] != "no_template"], result
    return result


@pytest.mark.parametrize("species", ["warped", "slideshow"])
def test_an_attack_that_tries_again_further_never_verifies(tmp_path, species):
    """A warped photo warped harder on the second try, a slideshow with a more turned pose:
    still flat, still cut."""
    result = play(tmp_path, species)
    accepted = [f"{it['name']} ({it['clips']})" for it in result["items"] if it["accepted"]]
    assert accepted == [], result["folders"]
