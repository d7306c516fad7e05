"""``kiosk doctor``: what a site needs before opening, each a pass/fail line with the fix.

Each check is a plain function returning a :class:`Check`; :func:`run_checks` runs them
in order and never raises (a crashing check is a failed check).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NoReturn

from kiosk.config import Paths
from kiosk.domain.site_keys import FILE_NAME as SITE_KEYS_FILE
from kiosk.errors import EngineError
from kiosk.store import keys
from kiosk.store.db import audit_ring_path


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str
    fix: str = ""


def check_camera(spec: str | int = 0, frames: int = 3) -> Check:
    """The camera opens and delivers frames."""
    name = "camera"
    try:
        from kiosk.camera.source import open_source

        src = open_source(spec, realtime=False)
        try:
            shape = src.read().shape
            for _ in range(frames - 1):
                shape = src.read().shape
        finally:
            src.close()
        return Check(name, True, f"camera {spec} delivers {shape[1]}x{shape[0]} frames")
    except Exception as exc:  # noqa: BLE001
        return Check(name, False, f"camera {spec} does not deliver frames ({exc})",
                     "Plug the camera in, check 'ls /dev/video*' and that the kiosk user is in the 'video' group, "
                     "or pass --camera with the right index.")


def check_cjk_font(run: Callable = subprocess.run) -> Check:
    """A font that can show Chinese (fc-list :lang=zh)."""
    fix = "Install a CJK font: sudo apt install fonts-noto-cjk (or fonts-wqy-microhei)."
    if shutil.which("fc-list") is None and run is subprocess.run:
        return Check("cjk font", False, "fontconfig (fc-list) is not installed", "sudo apt install fontconfig; " + fix)
    try:
        out = run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return Check("cjk font", False, f"fc-list failed ({exc})", fix)
    families = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
    if not families:
        return Check("cjk font", False, "no font for Chinese is installed", fix)
    return Check("cjk font", True, f"Chinese font(s): {', '.join(families[:3])}")


def check_qt_platform(platform: str | None = None, run: Callable = subprocess.run) -> Check:
    """Qt's platform plugin (xcb on X11, wayland) loads here, tried in a child process; a
    missing system library is named with the Debian package that provides it."""
    from kiosk.qt_platform import diagnose

    ok, message, fix = diagnose(platform, run)
    return Check("qt platform", ok, message, fix)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def check_permissions(paths: Paths) -> Check:
    """The data folder, database, key file, audit key file and site keyring are readable by the
    kiosk user only (the site keyring is refused when it is not: see :mod:`kiosk.domain.site_keys`)."""
    name, problems = "permissions", []
    if not paths.data_dir.is_dir():
        return Check(name, False, f"no data folder {paths.data_dir}", "Run 'kiosk init' as the kiosk user.")
    if _mode(paths.data_dir) & 0o077:
        problems.append(f"{paths.data_dir} is {oct(_mode(paths.data_dir))}")
    key_file = paths.key_file or paths.default_key_file
    site_keyring = paths.data_dir / SITE_KEYS_FILE
    if site_keyring.is_symlink():
        problems.append(f"{site_keyring} is a link (the kiosk refuses it)")
    for p in (paths.db, key_file, audit_ring_path(paths), site_keyring):
        if p.exists():
            if _mode(p) & 0o077:
                problems.append(f"{p} is {oct(_mode(p))}")
            if p.stat().st_uid != os.getuid():
                problems.append(f"{p} belongs to another user")
    if not key_file.exists() and not os.environ.get(keys.ENV_VAR):
        problems.append(f"no key file {key_file} and {keys.ENV_VAR} is not set")
    if problems:
        return Check(name, False, "; ".join(problems),
                     f"chmod 700 {paths.data_dir}; chmod 600 the database, the key files and {SITE_KEYS_FILE}; "
                     "chown them to the kiosk user.")
    where = keys.ENV_VAR if os.environ.get(keys.ENV_VAR) else str(key_file)
    return Check(name, True, f"data folder and files are private to the kiosk user (key from {where})")


CORE_TABLES = frozenset({"members", "consents", "face_templates", "staff", "audit", "settings"})


def check_database(kiosk) -> Check:
    with kiosk.store.lock:  # sqlite-utils' view of the open, decrypted database
        missing = CORE_TABLES - set(kiosk.store.db.table_names())
        quick = kiosk.store.db.execute("PRAGMA quick_check").fetchone()[0]
    if missing or quick != "ok":
        problem = f"tables missing: {', '.join(sorted(missing))}" if missing else f"integrity check: {quick}"
        return Check("database", False, f"the database opens but is damaged ({problem})",
                     "Keep the file for investigation and restore the last good backup ('kiosk restore').")
    report = kiosk.store.audit.report()
    if not report.ok:
        return Check("database", False, f"the database opens but the audit trail does not verify: {report.message}",
                     "Keep the file for investigation, report it, and restore the last good backup ('kiosk restore').")
    return Check("database", True, f"database opens (schema v{kiosk.store.schema_version}); audit trail intact, "
                                   f"{report.records} records")


def check_site_profile(settings) -> Check:
    from kiosk.policy.site import site_status

    site = site_status(settings)
    if site.missing:
        return Check("site profile", False, "missing: " + ", ".join(site.missing),
                     "kiosk settings set operator_name|operator_contact|site_name VALUE")
    if not site.face_allowed:
        return Check("site profile", True, f"complete; face features are off at a site of type {site.site_type} "
                                           "(card and PIN only)")
    return Check("site profile", True, f"complete ({settings.site_name}, {site.site_type})")


def check_staff(store) -> Check:
    if any(m.active and m.role == "administrator" for m in store.staff.all()):
        return Check("staff", True, "an administrator account exists")
    return Check("staff", False, "no administrator account", "kiosk staff add NAME --role administrator")


def check_engine(engine) -> Check:
    try:
        engine.load()
    except Exception as exc:  # noqa: BLE001
        return Check("face engine", False, f"the face engine does not load ({exc})",
                     "Reinstall the kiosk with 'uv sync'; check the face_recognition_models package.")
    return Check("face engine", True, f"face engine {engine.model_id} loaded")


def _guard(name: str, fn: Callable[[], Check]) -> Check:
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - doctor reports, it does not crash
        remedy = getattr(exc, "remedy", "") or "See the message."
        return Check(name, False, getattr(exc, "message", str(exc)), remedy)


def run_checks(paths: Paths, *, camera: str | int = 0, engine=None, font_check: Callable[[], Check] = check_cjk_font,
               camera_check: Callable[[str | int], Check] = check_camera,
               qt_check: Callable[[], Check] = check_qt_platform) -> list[Check]:
    """All checks, in the order a technician would fix them."""
    from kiosk.app import create, make_engine

    results = [_guard("qt platform", qt_check), _guard("camera", lambda: camera_check(camera)), _guard("cjk font", font_check),
               _guard("permissions", lambda: check_permissions(paths))]
    try:
        kiosk = create(paths.data_dir, key_file=paths.key_file, engine=engine or _NotLoaded())
    except Exception as exc:  # noqa: BLE001
        results.append(Check("database", False, getattr(exc, "message", str(exc)),
                             getattr(exc, "remedy", "") or "Run 'kiosk init' or restore a backup."))
        if engine is not None:
            results.append(_guard("face engine", lambda: check_engine(engine)))
        return results
    try:
        results.append(_guard("database", lambda: check_database(kiosk)))
        results.append(_guard("site profile", lambda: check_site_profile(kiosk.settings)))
        results.append(_guard("staff", lambda: check_staff(kiosk.store)))
        results.append(_guard("face engine", lambda: check_engine(engine or make_engine(kiosk.settings))))
    finally:
        kiosk.close()
    return results


class _NotLoaded:
    """Stands in for the engine while the database is checked (the real one is built and
    checked afterwards): a face engine that refuses every face."""

    model_id = "none"

    def load(self) -> None:
        pass

    def _refuse(self, *args: object) -> NoReturn:
        raise EngineError("The face engine is not loaded by the database check.", remedy="See the face engine check.")

    detect = detect_faces = encoder_box = encode = _refuse
