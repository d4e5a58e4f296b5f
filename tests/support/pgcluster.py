"""A throwaway PostgreSQL cluster on a free loopback port, for tests and benchmarks.

Uses Debian's server binaries (/usr/lib/postgresql/*/bin); as root it runs them as the
`postgres` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "skillgap"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries here, or no way to run them; the message says which."""


def find_bin_dir() -> Path | None:
    found = [Path(d) for d in glob.glob(PG_BIN_GLOB) if (Path(d) / "initdb").exists()]
    if not found:
        which = shutil.which("initdb")
        return Path(which).parent if which else None
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayCluster:
    """initdb + pg_ctl start in a temp dir; stop() removes everything."""

    def __init__(self) -> None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise ClusterUnavailable(
                "PostgreSQL server binaries not found (apt-get install postgresql)"
            )
        self.bin = bin_dir
        self.run_as: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterUnavailable(
                    "running as root and there is no 'postgres' user"
                ) from None
            self.run_as = "postgres"
        self.dir = Path(tempfile.mkdtemp(prefix="skillgap-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.started = False

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        return ["runuser", "-u", self.run_as, "--", *cmd] if self.run_as else cmd

    def _run(self, *args: str, timeout: float = 120) -> None:
        proc = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=timeout,
                              cwd=self.dir)  # fmt: skip
        if proc.returncode != 0:
            raise ClusterUnavailable(
                f"{args[0]} failed ({proc.returncode}): {(proc.stderr or proc.stdout)[-800:]}"
            )

    def start(self) -> ThrowawayCluster:
        if self.run_as:
            shutil.chown(self.dir, user=self.run_as)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER,
                  "-E", "UTF8", "--no-sync", "--no-instructions")  # fmt: skip
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.dir / "server.log"), "-w", "-t", "60", "start")  # fmt: skip
        self.started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname="postgres", autocommit=True) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database (closing any connection still open to it): keeps the cluster small."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname="postgres", autocommit=True) as conn:  # fmt: skip
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(ClusterUnavailable, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", timeout=60)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)
