"""A real PostgreSQL server for the tests: Debian's ``postgresql`` package, a fresh cluster in a temp folder,
listening on 127.0.0.1 only, trusting local connections (it lives as long as the test session)."""
import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

INSTALL_HINT = "install Debian's PostgreSQL: apt-get install postgresql (.ci/run does)"
USER = "course"  # the database superuser of the test cluster


def server_programs():
    """The folder of initdb and pg_ctl (the newest installed PostgreSQL), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return candidates[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """``PostgresServer(folder).start()``; ``url(database)`` for SQLAlchemy; ``stop()``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.bin = server_programs()
        self.port = _free_port()
        # PostgreSQL refuses to run as root: run it as the postgres account the package made.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command):
        result = subprocess.run([*self.as_user, *command], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            log = self.folder / "server.log"
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}\n"
                               + (log.read_text()[-3000:] if log.exists() else ""))
        return result

    def start(self):
        if self.bin is None:
            raise RuntimeError(f"no PostgreSQL server programs: {INSTALL_HINT}")
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        data, sockets = self.folder / "data", self.folder / "sockets"
        self._run("mkdir", "-p", str(sockets))
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync")
        options = (f"-p {self.port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "server.log"), "-o", options,
                  "-w", "-t", "60", "start")
        self.data = data
        return self

    def url(self, database="postgres"):
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        """A new empty database ``name``; returns its URL."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self):
        if getattr(self, "data", None):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.data = None
