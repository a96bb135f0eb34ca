"""A real, throwaway PostgreSQL server for tests: ``initdb`` in a temporary folder, ``postgres`` on a free port
on 127.0.0.1 (its socket in that folder too), stopped and removed at the end. Debian's binaries
(/usr/lib/postgresql/N/bin) or any on PATH. As root (CI, containers) the server runs as an unprivileged user,
since PostgreSQL refuses to run as root."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servers import free_port

USER = "sitreps"  # the cluster's superuser (trust authentication, loopback only)


def find_bin() -> Path | None:
    """The folder holding initdb and postgres, or None where PostgreSQL is not installed."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("postgres"):
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _runner() -> pwd.struct_passwd | None:
    """The user to run the server as: None (oneself) unless root, then ``postgres`` or ``nobody``."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")


@contextmanager
def postgres(bin_dir: Path) -> Iterator[str]:
    """A running server while the block runs; yields the URL of its ``postgres`` database."""
    user = _runner()
    # the server's user must reach its folder: under /tmp itself, not a root-only temporary folder
    home = Path(tempfile.mkdtemp(prefix="sitreps-pg-", dir="/tmp" if user is not None else None))
    as_user: dict[str, int] = {}
    if user is not None:
        os.chown(home, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid}
        home.chmod(0o700)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    server = None
    try:
        subprocess.run([str(bin_dir / "initdb"), "-D", str(home / "data"), "-U", USER, "--auth=trust",
                        "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True,
                       env=env, cwd=home, extra_groups=[] if as_user else None, **as_user)
        port = free_port()
        log = (home / "server.log").open("wb")
        server = subprocess.Popen([str(bin_dir / "postgres"), "-D", str(home / "data"), "-p", str(port),
                                   "-k", str(home), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                                   "-c", "max_connections=60"],
                                  stdout=log, stderr=subprocess.STDOUT, env=env, cwd=home,
                                  extra_groups=[] if as_user else None, **as_user)
        url = f"postgresql://{USER}@127.0.0.1:{port}/postgres"
        _wait(url, server, home / "server.log")
        yield url
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # fast shutdown: roll back and stop
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(home, ignore_errors=True)


def _wait(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"PostgreSQL did not start: {log.read_text(errors='replace')[-2000:]}")
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def create_database(url: str, name: str) -> str:
    """A new empty database on the server at ``url``; its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"
