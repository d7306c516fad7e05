"""A throwaway PostgreSQL server for the site tests and ``kiosk bench --site``: ``initdb`` +
``pg_ctl`` in a temporary folder, on a free TCP port of 127.0.0.1 with its unix socket in the
same folder. Nothing of it outlives :func:`remove`.

PostgreSQL refuses to run as root: as root the cluster belongs to ``nobody`` and ``initdb`` and
``pg_ctl`` run through ``runuser``. The superuser ``postgres`` logs in over TCP with a password
(scram-sha-256), like every kiosk role; the password reaches libpq through ``PGPASSWORD``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import SiteError

SUPERUSER = "postgres"
RUN_AS = "nobody"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", RUN_AS, "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class PgServer:
    folder: Path
    port: int
    password: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin_env(self) -> dict[str, str]:
        """The environment of a command that connects as the superuser."""
        return {**os.environ, "PGPASSWORD": self.password}

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_owner(["pg_ctl", "-D", str(self.data), "-w", "-t", "60", *args]), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        self._ctl("-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
                  "-l", str(self.folder / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "stop")

    def postmaster_pid(self) -> int:
        """The server's main process (its first line of ``postmaster.pid``)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), password=self.password, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_server() -> PgServer:
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        raise SiteError("initdb and pg_ctl are not on the PATH, so no throwaway PostgreSQL server can start.",
                        remedy="Install PostgreSQL (Debian: apt-get install postgresql; .ci/run does), or give "
                               "the URL of a database you own.")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    password = secrets.token_hex(16)
    pwfile = folder / "pw"
    pwfile.write_text(password)
    if os.geteuid() == 0:
        shutil.chown(folder, RUN_AS)
        shutil.chown(pwfile, RUN_AS)
    server = PgServer(folder, free_port(), password)
    subprocess.run(_as_owner(["initdb", "-D", str(server.data), "-U", SUPERUSER, "--pwfile", str(pwfile),
                              "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
                              "--locale=C.UTF-8"]), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pwfile.unlink()
    server.start()
    return server


def remove(server: PgServer) -> None:
    try:
        server.stop("immediate")
    except subprocess.CalledProcessError:
        pass  # already stopped
    shutil.rmtree(server.folder, ignore_errors=True)
