"""A private PostgreSQL cluster for the soak: Debian's binaries, a temporary data directory owned
by the ``postgres`` user, a loopback port. Never the shared server on 5432."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

from soak.common import require_loopback


def pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    return Path(found[-1]).parent


class PrivateCluster:
    def __init__(self, root: Path, *, port: int, host: str = "127.0.0.1") -> None:
        require_loopback(host)
        if port == 5432:
            raise ValueError("5432 is the shared server's port; the soak uses its own")
        self.root, self.port, self.host = root, port, host
        self.data = root / "pgdata"
        self.log = root / "postgres.log"
        self.bindir = pg_bindir()

    @property
    def url(self) -> str:
        return f"postgres://soak:soak@{self.host}:{self.port}/lastmile_soak"

    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # the server refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._as_postgres(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        conf = self.data / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as f:
            f.write(
                f"\nlisten_addresses = '{self.host}'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\nmax_connections = 100\n"
                "fsync = on\nsynchronous_commit = on\n"
            )
        self.start()
        self.psql("CREATE ROLE soak LOGIN PASSWORD 'soak' CREATEDB")
        self.psql("CREATE DATABASE lastmile_soak OWNER soak")

    def psql(self, sql: str) -> str:
        result = subprocess.run(
            [
                "psql",
                "-h",
                self.host,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-Atc",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def start(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> float:
        """Stop (fast: open sessions are cut) and start again; returns the seconds it was down."""
        began = time.monotonic()
        self.stop("fast")
        self.start()
        return time.monotonic() - began

    def running(self) -> bool:
        return (
            self._as_postgres("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0
        )
