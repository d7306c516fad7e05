"""Red team: site keys, outputs and pass-mode enrollment, tried as an attacker or a careless
operator would, through real ``kiosk`` processes on real data folders and files.

One test per property:
- a key id already here with other key material is never imported (the same keys again change nothing);
- no output follows a link or writes through a planted temporary file, and every output is 0600;
- the key derivation of an export is bounded (a crafted export refuses in one line, never a traceback);
- passphrases are judged by zxcvbn;
- a passphrase typed at a terminal is asked twice, a piped one is read once;
- the site keyring is refused when others can read it, and ``kiosk doctor`` says so;
- pass-mode enrollment records nothing unless its pass was written.

``KIOSK_REDTEAM_LONG=1`` also measures the cost of one guess at the key-derivation limits.
"""

from __future__ import annotations

import json
import os
import pty
import re
import resource
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_CSV

ROOT = Path(__file__).resolve().parents[1]
STRONG = "violet otters juggle lanterns"
LONG = os.environ.get("KIOSK_REDTEAM_LONG") == "1"


def kiosk(*args, data_dir: Path | None = None, passphrase: str | None = STRONG, stdin: str | None = None,
          limit_memory: int | None = None) -> subprocess.CompletedProcess:
    """One real ``python -m kiosk`` process (KIOSK_SITE_PASSPHRASE from ``passphrase``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_DB_KEY", "KIOSK_SITE_PASSPHRASE")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if passphrase is not None:
        env["KIOSK_SITE_PASSPHRASE"] = passphrase
    argv = [sys.executable, "-m", "kiosk", *map(str, args)]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]

    def limits() -> None:
        if limit_memory:
            resource.setrlimit(resource.RLIMIT_AS, (limit_memory, limit_memory))

    return subprocess.run(argv, cwd=ROOT, env=env, input=stdin if stdin is not None else "", capture_output=True,
                          text=True, timeout=600, preexec_fn=limits)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    """A refusal: non-zero exit, one line on stderr, no traceback."""
    assert r.returncode != 0, r.stdout
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    return r.stderr


def ok(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


def make_site(tmp_path: Path) -> Path:
    """A kiosk with members and a site key (made by 'site-key rotate')."""
    d = tmp_path / "kiosk"
    ok(kiosk("init", data_dir=d))
    csv = tmp_path / "members.csv"
    csv.write_text(SAMPLE_CSV, encoding="utf-8")
    ok(kiosk("members", "import", csv, data_dir=d))
    ok(kiosk("site-key", "rotate", data_dir=d))
    return d


@pytest.fixture
def site_dir(tmp_path) -> Path:
    return make_site(tmp_path)


@pytest.fixture(scope="module")
def output_site(tmp_path_factory) -> Path:
    """One kiosk for the output tests (they only add files outside it and audit records)."""
    return make_site(tmp_path_factory.mktemp("outputs"))


def wrap_keys(keys: list[dict], passphrase: str = STRONG, kdf: dict | None = None) -> str:
    """An export as an attacker would craft it: the kiosk's own format, any keys, any settings."""
    from kiosk.domain import site_keys

    body = json.dumps({"format": 1, "keys": keys}).encode()
    if kdf is None:
        return json.dumps(site_keys.wrap(body, passphrase))
    saved = site_keys.KDF
    site_keys.KDF = kdf
    try:
        head = site_keys.wrap(body, passphrase) if site_keys.kdf_in_limits(kdf) else None
    finally:
        site_keys.KDF = saved
    if head is None:  # beyond what wrap derives here: the sealed part cannot matter, it is never reached
        head = site_keys.wrap(body, passphrase) | {"kdf": kdf}
    return json.dumps(head)


def keyring(d: Path) -> list[dict]:
    return json.loads((d / "site-keys.json").read_text())["keys"]


# -- 1. a key id already here with other key material ------------------------------------------
def test_import_never_replaces_a_key_of_the_same_id(site_dir, tmp_path):
    before = (site_dir / "site-keys.json").read_bytes()
    [mine] = keyring(site_dir)
    crafted = tmp_path / "crafted.keys"
    crafted.write_text(wrap_keys([{"id": mine["id"], "secret": os.urandom(32).hex(), "created": mine["created"],
                                   "retired": None}]))
    err = one_line_error(kiosk("site-key", "import", crafted, data_dir=site_dir))
    assert mine["id"] in err and "other key material" in err and "nothing was imported" in err
    assert (site_dir / "site-keys.json").read_bytes() == before

    # the site's own export, imported again: nothing changes, and it says so
    own = tmp_path / "own.keys"
    ok(kiosk("site-key", "export", "--out", own, data_dir=site_dir))
    out = ok(kiosk("site-key", "import", own, data_dir=site_dir))
    assert out.startswith("Nothing to import") and mine["id"] in out
    assert (site_dir / "site-keys.json").read_bytes() == before

    # a crafted file that adds a key but also reuses the id: refused as a whole
    crafted.write_text(wrap_keys([
        {"id": mine["id"], "secret": os.urandom(32).hex(), "created": mine["created"], "retired": "2026-01-01T00:00:00+00:00"},
        {"id": "0badc0de", "secret": os.urandom(32).hex(), "created": mine["created"], "retired": None}]))
    one_line_error(kiosk("site-key", "import", crafted, data_dir=site_dir))
    assert (site_dir / "site-keys.json").read_bytes() == before

    # one new id twice in the file, with two keys: not a keyring
    crafted.write_text(wrap_keys([
        {"id": "0badc0de", "secret": os.urandom(32).hex(), "created": mine["created"], "retired": "2026-01-01T00:00:00+00:00"},
        {"id": "0badc0de", "secret": os.urandom(32).hex(), "created": mine["created"], "retired": None}]))
    assert "not a valid site keyring" in one_line_error(kiosk("site-key", "import", crafted, data_dir=site_dir))
    assert (site_dir / "site-keys.json").read_bytes() == before


# -- 2. no output through a link or a planted temporary file ------------------------------------
OUTPUTS = {  # command line -> the output it names
    "site-key export": lambda out: ("site-key", "export", "--out", out),
    "revocations export": lambda out: ("revocations", "export", "--out", out),
    "audit export": lambda out: ("audit", "export", "--format", "json", "--out", out),
    "audit anchor": lambda out: ("audit", "anchor", "--out", out),
    "report filing": lambda out: ("report", "filing", "--out", out),
    "backup": lambda out: ("backup", out),
}


SUFFIXES = {"report filing": ".md", "audit export": ".json"}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_no_output_follows_a_link_or_a_planted_temporary_file(output_site, tmp_path, command):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    folder = tmp_path / "out"
    folder.mkdir()
    suffix = SUFFIXES.get(command, ".out")  # the commands that name their format by the suffix
    out = folder / ("result" + suffix)
    for planted in (".tmp", ".part", ".new"):  # every name an older writer used
        (folder / (out.name + planted)).symlink_to(victim)
    ok(kiosk(*OUTPUTS[command](out), data_dir=output_site))
    assert victim.read_text() == "precious\n"
    st = os.lstat(out)
    assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == sorted([out.name] + [out.name + s for s in (".tmp", ".part", ".new")])

    # the output itself a link: refused in one line, the link and its target untouched
    link = folder / ("link" + suffix)
    link.symlink_to(victim)
    err = one_line_error(kiosk(*OUTPUTS[command](link), data_dir=output_site))
    assert "link" in err
    assert link.is_symlink() and victim.read_text() == "precious\n"


def test_screenshots_are_private_and_never_written_through_a_link(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    shots = tmp_path / "shots"
    shots.mkdir()
    (shots / "welcome-zh_CN.png").symlink_to(victim)
    r = kiosk("screenshots", "--out", shots, "--screen", "welcome")
    ours = [line for line in r.stderr.splitlines() if "propagateSizeHints" not in line]  # Qt's offscreen plugin
    assert r.returncode == 2 and len(ours) == 1 and "symbolic link" in ours[0] and "Traceback" not in r.stderr
    assert victim.read_text() == "precious\n"
    (shots / "welcome-zh_CN.png").unlink()
    ok(kiosk("screenshots", "--out", shots, "--screen", "welcome"))
    assert sorted(p.name for p in shots.iterdir()) == ["welcome-en.png", "welcome-zh_CN.png"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in shots.iterdir())


def test_the_safe_write_helper_is_private_atomic_and_never_follows_a_link(tmp_path):
    from kiosk.errors import ProtectedFileError
    from kiosk.files import private_output, write_private

    old_umask = os.umask(0)
    try:
        out = write_private(tmp_path / "new" / "a.txt", "text")
    finally:
        os.umask(old_umask)
    assert out.read_text() == "text" and stat.S_IMODE(out.stat().st_mode) == 0o600
    out.chmod(0o644)
    write_private(out, b"again")  # an existing file is replaced by a private one
    assert out.read_bytes() == b"again" and stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(RuntimeError), private_output(out) as f:  # a failed write leaves the old file, no debris
        f.write(b"half")
        raise RuntimeError("disk gone")
    assert out.read_bytes() == b"again" and sorted(p.name for p in out.parent.iterdir()) == ["a.txt"]
    (tmp_path / "link.txt").symlink_to(out)
    with pytest.raises(ProtectedFileError):
        write_private(tmp_path / "link.txt", "through the link")
    assert out.read_bytes() == b"again"


# -- 3. bounded key derivation ------------------------------------------------------------------
def test_a_crafted_key_derivation_refuses_in_one_line(site_dir, tmp_path):
    before = (site_dir / "site-keys.json").read_bytes()
    key = {"id": "0badc0de", "secret": os.urandom(32).hex(), "created": "2026-01-01T00:00:00+00:00", "retired": None}
    crafted = {
        "2 GiB": {"name": "argon2id", "time_cost": 20, "memory_kib": 1 << 21, "parallelism": 8},
        "512 MiB": {"name": "argon2id", "time_cost": 1, "memory_kib": 1 << 19, "parallelism": 1},
        "256 MiB": {"name": "argon2id", "time_cost": 1, "memory_kib": 262144, "parallelism": 1},
        "too much work": {"name": "argon2id", "time_cost": 3, "memory_kib": 196608, "parallelism": 1},
        "a float": {"name": "argon2id", "time_cost": 1.5, "memory_kib": 65536, "parallelism": 1},
        "a string": {"name": "argon2id", "time_cost": "3", "memory_kib": 65536, "parallelism": 1},
        "true": {"name": "argon2id", "time_cost": True, "memory_kib": 65536, "parallelism": 1},
        "no settings": {"name": "argon2id"},
    }
    for name, kdf in crafted.items():
        path = tmp_path / f"{name}.keys"
        path.write_text(wrap_keys([key], kdf=kdf))
        # under a 1.5 GB address-space limit: the refusal costs nothing, it is one line
        err = one_line_error(kiosk("site-key", "import", path, data_dir=site_dir, limit_memory=1536 << 20))
        assert "not a site-key export" in err or "beyond what this kiosk accepts" in err, (name, err)
    assert (site_dir / "site-keys.json").read_bytes() == before

    # at the limits the import works, within the same memory limit
    at_limit = tmp_path / "at-limit.keys"
    at_limit.write_text(wrap_keys([key], kdf={"name": "argon2id", "time_cost": 2, "memory_kib": 196608, "parallelism": 4}))
    out = ok(kiosk("site-key", "import", at_limit, data_dir=site_dir, limit_memory=1536 << 20))
    assert "0badc0de" in out


def test_the_key_derivation_limits_themselves():
    from kiosk.domain.site_keys import KDF, KDF_LIMITS, KDF_WORK_MAX, kdf_in_limits

    assert kdf_in_limits(KDF)  # what the export writes, the importer accepts
    assert KDF_LIMITS["memory_kib"][1] <= 192 * 1024 and KDF_WORK_MAX <= 2 * KDF["time_cost"] * KDF["memory_kib"]
    assert not kdf_in_limits(KDF | {"memory_kib": KDF_LIMITS["memory_kib"][1] + 1})
    assert not kdf_in_limits(KDF | {"time_cost": KDF_LIMITS["time_cost"][1] + 1})
    assert not kdf_in_limits(KDF | {"parallelism": 0})
    assert not kdf_in_limits(KDF | {"time_cost": 7, "memory_kib": 65536})  # each in range, the product not


@pytest.mark.skipif(not LONG, reason="measures argon2id at its limits (a few seconds): set KIOSK_REDTEAM_LONG=1")
def test_one_guess_at_the_limits_costs_about_a_second_and_256_mb():
    """CPU seconds (what a guess costs, whatever else the machine runs) and the peak RSS of a
    process that imports the kiosk and derives one key at each corner of the limits."""
    code = ("import resource, sys\n"
            "from kiosk.domain.site_keys import _kek\n"
            "kdf = dict(name='argon2id', time_cost=int(sys.argv[1]), memory_kib=int(sys.argv[2]), parallelism=int(sys.argv[3]))\n"
            "cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])\n"
            "t = cpu(); _kek('a guess', bytes(16), kdf); s = cpu() - t\n"
            "print(s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    worst = []
    for t, m, p in ((2, 196608, 1), (2, 196608, 4), (6, 65536, 1), (48, 8192, 1)):
        out = subprocess.run([sys.executable, "-c", code, str(t), str(m), str(p)], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        worst.append((float(out[0]), int(out[1]) * 1024 / 1e6))
        print(f"time_cost {t}, memory {m // 1024} MiB, parallelism {p}: {float(out[0]):.2f} s of CPU, "
              f"{int(out[1]) * 1024 / 1e6:.0f} MB peak RSS")
    seconds, mb = max(s for s, _ in worst), max(m for _, m in worst)
    assert seconds < 1.2 and mb <= 256


# -- 4. passphrase strength ---------------------------------------------------------------------
def test_weak_passphrases_are_refused_with_zxcvbns_advice(site_dir, tmp_path):
    out = tmp_path / "site.keys"
    for weak in ("aaaaaaaaaa", "password123", "kioskkiosk", "passwordpassword"):
        err = one_line_error(kiosk("site-key", "export", "--out", out, data_dir=site_dir, passphrase=weak))
        assert "too easy to guess" in err and "strength" in err, err
        assert not out.exists()
    err = one_line_error(kiosk("site-key", "export", "--out", out, data_dir=site_dir, passphrase="aaaaaaaaaa"))
    assert 'Repeats like "aaa" are easy to guess.' in err  # zxcvbn's own feedback
    ok(kiosk("site-key", "export", "--out", out, data_dir=site_dir))
    assert out.is_file()


# -- 5. a typed passphrase is asked twice; a piped one is read once ------------------------------
def at_terminal(argv: list[str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``argv`` on a pseudo-terminal (its controlling terminal); answer each prompt in turn.
    Returns (exit status, everything it wrote)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_DB_KEY", "KIOSK_SITE_PASSPHRASE")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdin, stdout and /dev/tty are the terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "kiosk", *argv], env)
    seen = b""
    pending = list(answers)
    deadline = time.monotonic() + 300  # a guard against a hung child, not a synchronisation
    while True:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            os.kill(pid, 9)
            raise AssertionError(f"no prompt came: {seen!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if pending and pending[0][0].encode() in seen.split(b"\n")[-1]:
            os.write(fd, (pending.pop(0)[1] + "\n").encode())
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


def test_a_typed_passphrase_is_asked_twice_and_a_piped_one_once(site_dir, tmp_path):
    out = tmp_path / "site.keys"
    argv = ["site-key", "export", "--out", str(out), "--data-dir", str(site_dir)]
    code, text = at_terminal(argv, [("Site passphrase:", STRONG), ("Same passphrase again:", STRONG + "x")])
    assert code == 2 and "The two passphrases differ" in text and "Traceback" not in text
    assert not out.exists()
    code, text = at_terminal(argv, [("Site passphrase:", STRONG), ("Same passphrase again:", STRONG)])
    assert code == 0 and out.is_file(), text
    assert STRONG not in text  # never echoed

    # a pipe: one line, read once (a script that pipes the passphrase has it written down already)
    out.unlink()
    r = kiosk("site-key", "export", "--out", out, data_dir=site_dir, passphrase=None, stdin=STRONG + "\n")
    ok(r)
    assert out.is_file() and "again" not in r.stderr + r.stdout
    r = kiosk("site-key", "import", out, data_dir=site_dir, passphrase=None, stdin=STRONG + "\n")
    assert ok(r).startswith("Nothing to import")


# -- 6. the site keyring's mode -----------------------------------------------------------------
def test_a_site_keyring_readable_by_others_is_refused_and_doctor_says_so(site_dir, faces):
    keyring_file = site_dir / "site-keys.json"
    assert stat.S_IMODE(keyring_file.stat().st_mode) == 0o600
    doctor = kiosk("doctor", "--camera", faces / "obama.jpg", data_dir=site_dir)
    assert re.search(r"\[PASS\] permissions", doctor.stdout), doctor.stdout
    keyring_file.chmod(0o644)
    err = one_line_error(kiosk("site-key", "show", data_dir=site_dir))
    assert f"chmod 600 {keyring_file}" in err and "644" in err
    assert stat.S_IMODE(keyring_file.stat().st_mode) == 0o644  # refused, not silently changed
    doctor = kiosk("doctor", "--camera", faces / "obama.jpg", data_dir=site_dir)
    line = next(ln for ln in doctor.stdout.splitlines() if "permissions" in ln)
    assert line.startswith("[FAIL]") and "site-keys.json is 0o644" in line, doctor.stdout
    assert doctor.returncode == 1


# -- 7. pass-mode enrollment records nothing unless its pass was written -------------------------
def snapshot(d: Path) -> tuple:
    """Members, consents, templates, every audit record and the filing report's figures."""
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.reports import _counts, filing_report

    k = create(d, engine=FakeEngine())
    try:
        audit = k.store.query("SELECT seq, event, subject FROM audit ORDER BY seq")
        report = re.sub(r"Generated \S+", "Generated", filing_report(k, "md"))
        return _counts(k.store), audit, report
    finally:
        k.close()


@pytest.fixture
def pass_mode(site_dir) -> Path:
    for setting, value in (("template_storage", "pass"), ("operator_name", "Zoo"), ("operator_contact", "desk")):
        ok(kiosk("settings", "set", setting, value, data_dir=site_dir))
    return site_dir


def test_pass_mode_enrollment_records_nothing_unless_the_pass_was_written(pass_mode, tmp_path, faces):
    d = pass_mode
    victim = tmp_path / "victim.png"
    victim.write_bytes(b"not yours")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    (tmp_path / "linked.png").symlink_to(victim)
    photo = faces / "obama.jpg"
    before = snapshot(d)
    for out, says in ((tmp_path / "pass.txt", "only .png and .pdf"),
                      (a_file / "pass.png", "not a folder"),
                      (tmp_path / "linked.png", "symbolic link")):
        err = one_line_error(kiosk("enroll", "M001", photo, "--consent-given", "--pass-out", out, data_dir=d))
        assert says in err, err
        assert snapshot(d) == before, out
    assert victim.read_bytes() == b"not yours" and not (tmp_path / "pass.txt").exists()

    # the control: the same enrollment with a place it can write records it, and the pass is 0600
    good = tmp_path / "passes" / "M001.png"
    r = kiosk("enroll", "M001", photo, "--consent-given", "--pass-out", good, data_dir=d)
    assert ok(r).startswith("KP1:") and good.is_file() and stat.S_IMODE(good.stat().st_mode) == 0o600
    counts, audit, _ = snapshot(d)
    assert counts["consents_active"] == before[0]["consents_active"] + 1
    assert [e for _, e, s in audit[len(before[1]):] if s == "M001"][:2] == ["consent_given", "enrolled"]


def test_a_pass_that_fails_to_write_rolls_the_enrollment_back(kiosk_app, monkeypatch, tmp_path):
    """The write itself fails after every check passed (a full disk): nothing is recorded."""
    import errno

    from kiosk import ops
    from kiosk.biometrics.engine import Mode
    from kiosk.biometrics.fake import draw_face
    from kiosk.domain import pass_codes

    k = kiosk_app
    k.save_settings(k.settings.replace(template_storage="pass", operator_name="Zoo", operator_contact="desk"), "test")
    actor = ops.Actor.cli()
    draft = ops.consent_in_person(k, actor, "M001", declared_14_or_older=True, method="staff_cli")
    f = draw_face(30)
    face = k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])

    def full_disk(path, data, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pass_codes, "write_private", full_disk)
    count = lambda: (k.store.query("SELECT count(*) FROM consents")[0][0],  # noqa: E731
                     k.store.query("SELECT count(*) FROM audit")[0][0])
    before = count()
    with pytest.raises(Exception, match="No space left"):
        ops.enroll_with_consent(k, actor, draft, [face, face, face], pass_out=tmp_path / "pass.png")
    assert count() == before and not (tmp_path / "pass.png").exists()
    monkeypatch.undo()
    receipt = ops.enroll_with_consent(k, actor, draft, [face, face, face], pass_out=tmp_path / "pass.png")
    assert receipt.pass_code and (tmp_path / "pass.png").is_file() and count()[0] == before[0] + 1
