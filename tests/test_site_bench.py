"""``kiosk bench --site N``: simulated kiosks as processes of their own on one throwaway
PostgreSQL server. Only the report's shape and the bench's own checks are tested here: every
change made during the run arrived at every kiosk and none was lost. Its speed targets are
judged in the report itself (pass/fail per target), never by a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_site_runs_three_kiosks_and_every_change_arrives(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_DB_KEY", "PGPASSWORD")}
    r = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path / "unused"), "bench", "--site", "3",
                        "--duration", "3", "--rate", "2", "--changes", "1", "--json"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["kiosks"] == 3
    assert report["changes"] >= 3 * 2  # each kiosk removed and re-added its member
    assert report["all_arrived"] is True
    assert report["kiosks_behind"] == [] and report["kiosks_with_lost_changes"] == []
    assert report["propagation_s"]["changes_measured"] == report["changes"]
    assert 0 < report["propagation_s"]["p50"] <= report["propagation_s"]["p95"] <= report["propagation_s"]["max"]
    assert report["checkins"] > 0 and report["checkins_per_s"] > 0
    pin = report["pin_check_ms"]
    assert pin["site"]["n"] > 0 and pin["standalone"]["n"] > 0 and pin["ratio_p50"] > 0
    assert report["server_cpu_s"] is not None and report["server_cpu_s"] >= 0  # 0.00 in 3 s is possible (10 ms ticks)
    assert report["server_cpu_how"].startswith("user+system time of the postmaster")
    assert report["server_max_connections"] > 0 and report["server_connections"] >= 1
    assert report["sync_cpu_s_per_min"]["p50"] is not None
    targets = {t["target"]: t for t in report["targets"]}
    assert targets["kiosks >= 20"]["pass"] is False  # three kiosks do not meet the site target, and say so
    assert all(set(t) == {"target", "value", "pass"} for t in report["targets"])
