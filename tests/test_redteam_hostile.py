"""Red team: hostile input and likely mistakes at the command line, on real processes and files.

Every reader of outside input is bounded (pass images, JSON files, settings), every command
answers a file-system error, a likely mistake or Ctrl-C with one line and no traceback, and
the messages speak to the member of staff at the keyboard. Each test runs the real
``python -m kiosk`` in a child process on files made in ``tmp_path``; where the claim is
about memory, the child's peak RSS (``wait4``) is measured.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from kiosk.config import Settings
from tests.test_ui_staff import staff, window  # noqa: F401 (the real window, for the settings screen)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LFW = SHARED / "lfw-devtrain"
PAD_SAMPLES = SHARED / "pad-samples"
MEMBERS = "member_no,display_name,birth_date,valid_until,card_id\n1001,Ada Lovelace,1980-01-01,2030-01-01,\n"
#: peak RSS a refused input may cost: the interpreter, numpy and OpenCV (a decoded
#: 20000x20000 image or /dev/zero read whole would cost gigabytes)
MAX_RSS_MB = 400


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float

    def one_line_error(self, code: int = 2) -> str:
        """The run refused with ``code`` and one line on stderr, without a traceback; that line."""
        assert "Traceback" not in self.stderr, self.stderr
        assert self.returncode == code, (self.returncode, self.stderr)
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, self.stderr
        return lines[0]


#: runs ``python -m kiosk ARGS`` and writes the child's peak RSS (KB) to the file named first.
#: A small launcher of its own: a child forked from the test process would inherit the test
#: process's high-water mark (Linux keeps ``ru_maxrss`` across exec).
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen([sys.executable, "-m", "kiosk", *sys.argv[2:]])
_, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def kiosk(*args: object, cwd: Path | None = None) -> Run:
    """``python -m kiosk ARGS`` in a child process; its output and its peak RSS."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SITE_PASSPHRASE": "correct horse battery staple 93!"}
    env.pop("KIOSK_DB_KEY", None)
    with tempfile.TemporaryDirectory() as tmp:
        rss = Path(tmp) / "rss"
        r = subprocess.run([sys.executable, "-c", _LAUNCHER, rss, *map(str, args)], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, env=env, cwd=cwd or REPO, timeout=600)
        return Run(r.returncode, r.stdout, r.stderr, int(rss.read_text()) / 1024)


@pytest.fixture(scope="module")
def data_template(tmp_path_factory) -> Path:
    """An initialised data folder with one member, made once."""
    root = tmp_path_factory.mktemp("template")
    d = root / "data"
    assert kiosk("init", "--data-dir", d).returncode == 0
    (root / "members.csv").write_text(MEMBERS, encoding="utf-8")
    assert kiosk("members", "import", root / "members.csv", "--data-dir", d).returncode == 0
    return d


@pytest.fixture
def data(data_template, tmp_path) -> Path:
    """A fresh copy of the data folder for each test (key file included)."""
    import shutil

    return Path(shutil.copytree(data_template, tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def face_photo(tmp_path) -> Path:
    """A grey picture without a face (the reader and the gate are what is tested)."""
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("RGB", (400, 300), (128, 128, 128)).save(path)
    return path


# -- 1. pass images go through the hardened photo reader ---------------------------------

def test_a_zero_byte_pass_image_is_one_line(data, tmp_path, face_photo):
    empty = tmp_path / "pass.png"
    empty.write_bytes(b"")
    line = kiosk("verify", "1001", face_photo, "--pass", empty, "--data-dir", data).one_line_error()
    assert "empty" in line and str(empty) in line


@pytest.mark.parametrize("command", ["verify", "pass print"])
def test_a_pixel_bomb_pass_image_is_refused_from_its_header(data, tmp_path, face_photo, command):
    from PIL import Image

    bomb = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000)).save(bomb)  # 400 megapixels in a file of about 50 KB
    assert bomb.stat().st_size < 200_000
    if command == "verify":
        r = kiosk("verify", "1001", face_photo, "--pass", bomb, "--data-dir", data)
    else:
        r = kiosk("pass", "print", "1001", "--code", bomb, "--out", tmp_path / "out.png", "--data-dir", data)
    assert "too many pixels" in r.one_line_error()
    assert r.max_rss_mb < MAX_RSS_MB, r.max_rss_mb
    assert not (tmp_path / "out.png").exists()


# -- 2. JSON files: size and depth limits ------------------------------------------------

JSON_READERS = {
    "site-key import": ("site-key", "import"),
    "revocations import": ("revocations", "import"),
    "audit verify --anchor": ("audit", "verify", "--anchor"),
}


@pytest.mark.parametrize("reader", list(JSON_READERS))
def test_json_nested_100000_deep_is_one_line(data, tmp_path, reader):
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    before = snapshot(data)
    r = kiosk(*JSON_READERS[reader], nested, "--data-dir", data)
    line = r.one_line_error()
    assert "deeper than 32" in line or "no audit anchor" in line, line
    assert "Recursion" not in r.stderr
    assert {k: v for k, v in snapshot(data).items() if not k.startswith("kiosk.")} == \
        {k: v for k, v in before.items() if not k.startswith("kiosk.")}  # no key file or anchor changed


@pytest.mark.parametrize("reader", list(JSON_READERS))
def test_json_readers_read_dev_zero_bounded(data, reader):
    r = kiosk(*JSON_READERS[reader], "/dev/zero", "--data-dir", data)
    assert "larger than" in r.one_line_error()
    assert r.max_rss_mb < MAX_RSS_MB, r.max_rss_mb


LONG = pytest.mark.skipif(not os.environ.get("KIOSK_REDTEAM_LONG"), reason="long load: set KIOSK_REDTEAM_LONG=1")


@LONG
@pytest.mark.parametrize("shape", ["many tiny values", "one long string of escaped quotes"])
def test_a_revocation_list_just_under_its_size_limit_costs_bounded_memory(data, tmp_path, shape):
    """Just under 16 MB: millions of tiny values would cost gigabytes once parsed (the value
    count is refused first); escaped quotes must not make the depth scan quadratic."""
    path = tmp_path / "list.json"
    if shape == "many tiny values":
        path.write_text("[" + "[]," * (5 * 1024 * 1024) + "[]]")
    else:
        path.write_text('["' + '\\"' * (7 * 1024 * 1024) + '"]')
    assert path.stat().st_size < 16 * 1024 * 1024
    r = kiosk("revocations", "import", path, "--data-dir", data)
    r.one_line_error()
    assert r.max_rss_mb < MAX_RSS_MB, r.max_rss_mb


# -- 3. settings refuse NaN and infinities -----------------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_settings_refuse_nan_and_infinity_on_the_command_line(data, value):
    before = kiosk("settings", "show", "--data-dir", data).stdout
    line = kiosk("--data-dir", data, "settings", "set", "--", "max_offcentre", value).one_line_error()
    assert "max_offcentre" in line
    assert kiosk("settings", "show", "--data-dir", data).stdout == before


def test_every_float_setting_refuses_non_finite_values():
    """What the staff settings screen and the command line both call: ``Settings.validate``."""
    floats = [f.name for f in fields(Settings) if isinstance(f.default, float)]
    assert "max_offcentre" in floats
    for name in floats:
        for bad in (math.nan, math.inf, -math.inf):
            with pytest.raises(Exception) as err:
                Settings(**{name: bad}).validate()
            assert name in str(err.value)


def test_the_staff_settings_screen_never_saves_a_non_finite_number(qtbot, window):
    """On screen every number is a bounded stepper: "nan" typed or NaN/infinity set lands on
    a finite value in range, and what the screen collects passes ``Settings.validate``."""
    from PySide6.QtCore import Qt

    from kiosk.config import NUMERIC_BOUNDS
    from tests.test_ui_staff_settings import settings_screen

    s = settings_screen(qtbot, window)
    for name in NUMERIC_BOUNDS:
        box = s.inputs[name].box
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), "nan")
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        for bad in (math.nan, math.inf, -math.inf):
            s.inputs[name].setValue(bad)
            assert math.isfinite(s.inputs[name].value()), name
    collected = s.collect()
    for name in NUMERIC_BOUNDS:
        lo, hi = NUMERIC_BOUNDS[name]
        assert lo <= getattr(collected, name) <= hi, name


# -- 4. file-system errors are one line --------------------------------------------------

def test_init_on_a_file_is_one_line_and_leaves_it(tmp_path):
    f = tmp_path / "a-file"
    f.write_bytes(b"keep me")
    line = kiosk("init", "--data-dir", f).one_line_error()
    assert str(f) in line and "Errno" not in line
    assert f.read_bytes() == b"keep me"


def test_init_on_an_uncreatable_path_is_one_line(tmp_path):
    f = tmp_path / "a-file"
    f.write_bytes(b"")
    line = kiosk("init", "--data-dir", f / "inside" / "data").one_line_error()
    assert "Errno" not in line and str(f) in line


def test_screenshots_into_a_file_is_one_line(tmp_path):
    f = tmp_path / "shots"
    f.write_bytes(b"keep me")
    line = kiosk("screenshots", "--out", f).one_line_error()
    assert "folder" in line and f.read_bytes() == b"keep me"


def test_an_output_in_a_folder_that_cannot_be_made_is_one_line(data, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    for args in (("report", "filing", "--out", blocker / "r.md"),
                 ("audit", "export", "--format", "csv", "--out", blocker / "a.csv"),
                 ("audit", "anchor", "--out", blocker / "anchor.json")):
        line = kiosk(*args, "--data-dir", data).one_line_error()
        assert str(blocker) in line and "Errno" not in line, line


# -- 5. Ctrl-C: exit 130, no traceback from any process ----------------------------------

def at_a_terminal() -> None:
    """Run in the child before it starts: Ctrl-C reaches it as it reaches a command typed at a
    terminal, even when the tests themselves run as a background job (a shell ignores SIGINT
    for those, and an ignored signal is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("moment", ["encoder loading", "clips playing"])
def test_ctrl_c_during_bench_accuracy_exits_130_quietly(tmp_path, moment):
    """Ctrl-C at a terminal signals the whole foreground group: the kiosk and (unless it has
    its own group) its encoder child. The encoder child is also signalled directly."""
    psutil = pytest.importorskip("psutil")
    if not (LFW / "pairs.csv").is_file():
        pytest.skip("needs ../shared/lfw-devtrain")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "bench", "--accuracy", LFW / "pairs.csv",
                             LFW / "images", "--genuine", "30", "--impostors", "0", "--no-peer"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            start_new_session=True,  # its own group, as a shell gives a foreground job
                            preexec_fn=at_a_terminal)
    wait_for = "clips of" if moment == "encoder loading" else "playing clips"
    seen = ""
    assert proc.stderr is not None
    while wait_for not in seen:
        line = proc.stderr.readline()
        assert line, seen
        seen += line
    me = psutil.Process(proc.pid)
    children = me.children(recursive=True)
    while not children:  # the line above is printed just before the encoder child starts
        children = me.children(recursive=True)
    if moment == "encoder loading":  # the child is importing its libraries (numpy first, then the models)
        while not any("numpy" in m.path for m in children[0].memory_maps()):
            pass
    for child in children:
        os.kill(child.pid, signal.SIGINT)
    os.killpg(proc.pid, signal.SIGINT)
    stderr = seen + proc.stderr.read()
    assert proc.wait(timeout=120) == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == "kiosk: interrupted."
    _, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, "the encoder child outlived the kiosk"


def test_ctrl_c_at_the_running_kiosk_exits_130_quietly():
    """The kiosk's own window (offscreen): Ctrl-C once its face models are ready (its encoder
    child is running) ends the event loop with status 130, no traceback from either process."""
    psutil = pytest.importorskip("psutil")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--demo", "--windowed"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, cwd=REPO, env=env, start_new_session=True)
    assert proc.stderr is not None
    seen = ""
    while "face models ready" not in seen:
        line = proc.stderr.readline()
        assert line, seen
        seen += line
    children = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGINT)
    stderr = seen + proc.stderr.read()
    assert proc.wait(timeout=120) == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    _, alive = psutil.wait_procs(children, timeout=30)
    assert not alive


# -- 6. likely mistakes refuse with one line ---------------------------------------------

def test_report_filing_refuses_a_suffix_it_cannot_write(data, tmp_path):
    out = tmp_path / "r.pdf"
    line = kiosk("report", "filing", "--out", out, "--data-dir", data).one_line_error()
    assert ".md" in line and ".html" in line and not out.exists()
    line = kiosk("report", "filing", "--out", tmp_path / "r.md", "--format", "html", "--data-dir", data).one_line_error()
    assert not (tmp_path / "r.md").exists()
    assert kiosk("report", "filing", "--out", tmp_path / "r.html", "--data-dir", data).returncode == 0


def test_audit_export_refuses_a_suffix_that_is_not_its_format(data, tmp_path):
    out = tmp_path / "audit.xlsx"
    line = kiosk("audit", "export", "--format", "csv", "--out", out, "--data-dir", data).one_line_error()
    assert ".csv" in line and not out.exists()


def test_an_inverted_date_range_is_refused(data, tmp_path):
    out = tmp_path / "a.csv"
    line = kiosk("audit", "export", "--format", "csv", "--out", out, "--since", "2026-12-01", "--until", "2026-11-01",
                 "--data-dir", data).one_line_error()
    assert "ends before it starts" in line and not out.exists()
    assert kiosk("audit", "export", "--format", "csv", "--out", out, "--since", "2026-11-01", "--until", "2026-11-01",
                 "--data-dir", data).returncode == 0  # one whole day


def _argparse_refusal(r: Run) -> str:
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    errors = [ln for ln in r.stderr.splitlines() if "error:" in ln]
    assert len(errors) == 1, r.stderr
    return errors[0]


def test_a_negative_age_is_refused_before_anything_is_recorded(data, face_photo):
    line = _argparse_refusal(kiosk("enroll", "1001", face_photo, "--consent-given", "--age", "-3", "--data-dir", data))
    assert "--age" in line and "not an age" in line
    r = kiosk("audit", "export", "--format", "json", "--out", data.parent / "audit.json", "--data-dir", data)
    assert r.returncode == 0 and "consent" not in (data.parent / "audit.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf"])
def test_a_timeout_that_is_not_a_time_is_refused(data, value, face_photo):
    line = _argparse_refusal(kiosk("verify", "1001", "--camera", face_photo, f"--timeout={value}", "--data-dir", data))
    assert "--timeout" in line


def test_missing_calibration_images_refuse_with_exit_status_3(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b,same\nann/1.jpg,ann/2.jpg,1\nann/1.jpg,bob/1.jpg,0\n", encoding="utf-8")
    line = kiosk("calibrate", "--pairs", pairs, "--images", images).one_line_error(code=3)
    assert "3 of the images" in line and "ann/1.jpg" in line and "--images" in line


def test_pad_eval_runs_on_the_shared_samples_as_the_readme_says():
    if not PAD_SAMPLES.is_dir():
        pytest.skip("needs ../shared/pad-samples")
    assert "pad-eval --dir ../shared/pad-samples" in (REPO / "README.md").read_text(encoding="utf-8")
    r = kiosk("pad-eval", "--dir", PAD_SAMPLES, "--json")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    import json

    result = json.loads(r.stdout)
    assert result["folders"]["real"]["items"] == 1 and result["folders"]["attack"]["items"] == 2


def test_pad_eval_refuses_a_flat_folder_with_unlabelled_files(tmp_path, face_photo):
    folder = tmp_path / "pad"
    folder.mkdir()
    (folder / "one_T1.png").write_bytes(face_photo.read_bytes())
    (folder / "two_F1.png").write_bytes(face_photo.read_bytes())
    (folder / "mystery.png").write_bytes(face_photo.read_bytes())
    line = kiosk("pad-eval", "--dir", folder).one_line_error()
    assert "without a label" in line and "mystery.png" in line


# -- 7. every message speaks to the person at hand ---------------------------------------

def test_a_photo_file_without_a_face_gets_advice_about_the_photo(data, face_photo):
    for args in (("verify", "1001", face_photo), ("enroll", "1001", face_photo, "--consent-given")):
        line = kiosk(*args, "--data-dir", data).one_line_error()
        assert "photo" in line and "camera" not in line.lower(), line


@pytest.mark.parametrize("content, expected", [
    ("a,b\nx.jpg,y.jpg\n", "line 1: the header is a,b, not a,b,same"),
    ("a,b,same\nx.jpg,y.jpg,maybe\n", "line 2: same is 'maybe', not 1 or 0"),
    ("a,b,same\nx.jpg,y.jpg\n", "line 2: 2 field(s) instead of 3"),
])
def test_a_bad_pairs_file_gets_its_own_message(tmp_path, content, expected):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(content, encoding="utf-8")
    (tmp_path / "images").mkdir()
    line = kiosk("calibrate", "--pairs", pairs, "--images", tmp_path / "images").one_line_error()
    assert expected in line and str(pairs) in line, line
    assert "import" not in line and "line 0" not in line


def test_a_missing_pairs_file_is_said_in_words(tmp_path):
    (tmp_path / "images").mkdir()
    line = kiosk("calibrate", "--pairs", tmp_path / "nope.csv", "--images", tmp_path / "images").one_line_error()
    assert "no such file" in line and "Errno" not in line and "import" not in line


def test_import_row_errors_are_printed_once(data, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("member_no,display_name,birth_date,valid_until,card_id\n"
                   "2001,Bo,not-a-date,2030-01-01,\n2002,Cy,1990-01-01,someday,\n", encoding="utf-8")
    r = kiosk("members", "import", bad, "--data-dir", data)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert sum("line 2" in ln for ln in lines) == 1 and sum("line 3" in ln for ln in lines) == 1, r.stderr
    assert lines[-1].startswith("kiosk: error: Nothing was imported: 2 row error(s), listed above.")
