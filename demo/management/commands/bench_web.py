"""Benchmark of the busiest pages from outside: gunicorn with production settings under a load generator.

    python manage.py bench_web [--seconds 10] [--connections 8] [--workers 2] [--port 0] [--python-load]
    make bench-web

It serves the recommendations benchmark's database (``<NAME>_bench_matching``: 100,000 open projects,
seeded by `bench_matching`'s own code when missing, then kept) with gunicorn (`--workers` sync workers,
settings.bench: production's, on plain http, with a bare JSON view that exists only there), signs in a
student and an employer by making their sessions, and runs wrk (or a Python load generator where wrk is
missing, or with `--python-load`) at `--connections` connections for `--seconds` against each page, each
right after a run against the bare view and one against the floor (the base layout for the signed-in student
with nothing in it: the most any server-rendered page can reach here), so a page's shares of the bare view's
and the floor's throughput compare figures taken under the same load. It prints req/s, p50, p99, both
shares, the errors and the load average around each run.

The employer's applicants page needs applicants: the seed gets a bench employer login and ~50 applications
to one of its projects, added when missing. Everything it starts (gunicorn's process group) is stopped on
the way out, on errors and Ctrl-C (or SIGTERM) too; the sessions it made are deleted.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import Role, User
from applications.models import Application, ApplicationStatus
from demo import loadgen
from demo.bench_urls import BARE_PATH, FLOOR_PATH
from employers.models import Employer, EmployerMember, MemberRole
from marketplace.benchmarks import percentile
from matching.management.commands.bench_matching import Command as MatchingBench
from matching.selectors import match_list_for_student
from projects.models import Project, ProjectStatus
from students.models import StudentProfile

EMPLOYER_EMAIL = "employer@bench.example"
APPLICANTS = 50
START_TIMEOUT = 60


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    persona: str = ""  # "student", "employer" or "" (anonymous)


@dataclass(frozen=True)
class World:
    student: StudentProfile
    employer_user: User
    recommended: Project
    with_applicants: Project


def pages(world: World) -> list[Page]:
    """The pages of issue #15's table, in its order, as the persona who opens them."""
    return [
        Page("/projects/?q=data (a common word)", "/projects/?q=data", "student"),
        Page("/projects/?q=geospatial (a rare word)", "/projects/?q=geospatial", "student"),
        Page("/projects/ with filters, no text", "/projects/?field=data&hours_max=20&remote=on", "student"),
        Page("/api/v1/projects/?q=data", "/api/v1/projects/?q=data", "student"),
        Page("a project page (student)", f"/projects/{world.recommended.public_id}/", "student"),
        Page(
            f"applicants sorted by match (~{APPLICANTS})",
            f"/manage/projects/{world.with_applicants.public_id}/applicants/?sort=match",
            "employer",
        ),
        Page("student dashboard (recommendations)", "/students/dashboard/", "student"),
    ]


def seed_applicants(*, count: int = APPLICANTS) -> tuple[User, Project]:
    """A bench employer login (owner of the first bench employer) and `count` applications to its first
    open project, from students sharing one of its skills first; what is there already is kept."""
    employer = Employer.objects.filter(slug="bench-employer-0").first()
    if employer is None:
        raise CommandError("No bench employer: the bench_matching seed is missing.")
    user = User.objects.filter(email=EMPLOYER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=EMPLOYER_EMAIL, password=None, role=Role.EMPLOYER, full_name="Bench Employer Owner"
        )
    EmployerMember.objects.get_or_create(employer=employer, user=user, defaults={"role": MemberRole.OWNER})
    project = Project.objects.filter(employer=employer, status=ProjectStatus.OPEN).order_by("pk").first()
    if project is None:
        raise CommandError("The first bench employer has no open project: the bench_matching seed is odd.")
    missing = count - Application.objects.filter(project=project).count()
    if missing > 0:
        bench_students = StudentProfile.objects.filter(user__email__endswith="@bench.example").exclude(
            applications__project=project
        )
        skill_ids = [*project.required_skills.values_list("pk", flat=True)]
        sharing = list(bench_students.filter(skills__in=skill_ids).distinct().order_by("pk")[:missing])
        others = bench_students.exclude(pk__in=[s.pk for s in sharing]).order_by("pk")
        chosen = sharing + list(others[: missing - len(sharing)])
        Application.objects.bulk_create(
            (Application(project=project, student=s, status=ApplicationStatus.SUBMITTED) for s in chosen),
            ignore_conflicts=True,
        )
    return user, project


def prepare_world() -> World:
    with transaction.atomic():
        employer_user, with_applicants = seed_applicants()
    student = (
        StudentProfile.objects.filter(user__email__endswith="@bench.example", skills__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if student is None:
        raise CommandError("No bench student: the bench_matching seed is missing.")
    recommended = match_list_for_student(student=student, limit=1)
    if not recommended:
        raise CommandError(f"{student.user.email} has no recommendation to open.")
    return World(student, employer_user, recommended[0][0], with_applicants)


def session_cookie(user: User, *, secret: str) -> tuple[str, str]:
    """A signed-in session for `user` under `secret` (the server's SECRET_KEY): its key and Cookie value."""
    with override_settings(SECRET_KEY=secret):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
    return session.session_key, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def database_url(name: str) -> str:
    """DATABASE_URL with the database `name` (the server's workers read it)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_group(process: subprocess.Popen, *, grace: float = 10.0) -> None:
    """SIGTERM to the process group `process` leads, SIGKILL to what is left after `grace` seconds."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@dataclass(frozen=True)
class Server:
    url: str
    process_group: int


@contextlib.contextmanager
def gunicorn(*, env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[Server]:
    """gunicorn serving the site on 127.0.0.1:`port` in a process group of its own (its master leads it)."""
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--worker-class", "sync", "--graceful-timeout", "5",
             "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(process, f"{base}/{BARE_PATH}", log)
            yield Server(base, process.pid)
        finally:
            stop_group(process)


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer {url} within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_page(url: str, cookie: str) -> None:
    """The page answers 200 as its persona (not a redirect to the login, not an error page)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=loadgen.TIMEOUT_SECONDS) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise CommandError(f"{url} answered {status}, not 200: the benchmark would measure the wrong page.")


def drain(bare_url: str, *, times: int = 2) -> None:
    """Wait until the server has answered what the last run left queued: when the load generator stops,
    the requests it gave up on are still in the listen queue, and sync workers serve them (first come,
    first served) before anything sent later, so the next run would start behind them."""
    for _ in range(times):
        check_page(bare_url, "")


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt (as Ctrl-C does), so the cleanup in `finally` runs either way."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Command(BaseCommand):
    help = "Load-test the busiest pages through gunicorn with production settings, each beside a bare view."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=10, help="Length of each load run.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
        parser.add_argument("--port", type=int, default=0, help="The server's port (0: any free one).")
        parser.add_argument(
            "--projects", type=int, default=100_000, help="Open projects to seed when missing."
        )
        parser.add_argument("--students", type=int, default=3_000, help="Students to seed when missing.")
        parser.add_argument("--python-load", action="store_true", help="The Python load generator, not wrk.")

    def handle(self, *args, **options) -> None:
        if options["seconds"] < 1 or options["connections"] < 1 or options["workers"] < 1:
            raise CommandError("--seconds, --connections and --workers must be at least 1.")
        try:
            with sigterm_as_interrupt():
                self.run(**options)
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: the server it started is stopped, its sessions deleted."
            ) from None

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def run(self, *, seconds: float, connections: int, workers: int, port: int, **options) -> None:
        matching_bench = MatchingBench(stdout=self.stdout, stderr=self.stderr)
        bench_name = matching_bench.use_database()
        matching_bench.seed(projects=options["projects"], students=options["students"])
        world = prepare_world()
        secret = f"bench-throwaway-{secrets.token_hex(32)}"
        student_key, student_cookie = session_cookie(world.student.user, secret=secret)
        employer_key, employer_cookie = session_cookie(world.employer_user, secret=secret)
        cookies = {"": "", "student": student_cookie, "employer": employer_cookie}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.bench",
            "DJANGO_SECRET_KEY": secret,
            "DATABASE_URL": database_url(bench_name),
        }
        wrk = None if options["python_load"] else loadgen.wrk_path()
        try:
            self.collect_static(env)
            with tempfile.TemporaryDirectory(prefix="bench-web-") as scratch:
                log = Path(scratch) / "gunicorn.log"
                with gunicorn(env=env, port=port or free_port(), workers=workers, log=log) as server:
                    rows = self.measure(
                        server.url, pages(world), cookies, seconds=seconds, connections=connections, wrk=wrk
                    )
        finally:
            Session.objects.filter(session_key__in=[student_key, employer_key]).delete()
        generator = f"wrk ({wrk})" if wrk else "the Python load generator"
        self.say(
            f"\n{Project.objects.filter(status=ProjectStatus.OPEN).count():,} open projects; gunicorn "
            f"{workers} sync workers, settings.bench; {generator}, {connections} connections, {seconds:g} s "
            f"per run; {os.cpu_count()} CPUs. Shares: the page's req/s over the bare view's and the floor's "
            "in the runs just before it.\n"
        )
        self.say(loadgen.format_table(rows))

    def collect_static(self, env: dict[str, str]) -> None:
        """Production's manifest storage needs the collected files and their manifest."""
        self.say("Collecting static files …")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env, cwd=settings.BASE_DIR, check=True,
        )  # fmt: skip

    def measure(
        self, base: str, pages: list[Page], cookies: dict[str, str], *, seconds, connections, wrk
    ) -> list[loadgen.Row]:
        bare_url = f"{base}/{BARE_PATH}"
        floor = Page("floor", f"/{FLOOR_PATH}", "student")
        for page in [floor, *pages]:
            check_page(f"{base}{page.path}", cookies[page.persona])
        self.say(
            f"Every page answers 200. Warming up, then {len(pages)} pages, 3 runs each of {seconds:g} s "
            "(the bare view, the floor, the page) …"
        )
        for page in [floor, *pages]:
            loadgen.measure(
                f"{base}{page.path}",
                seconds=1,
                connections=connections,
                cookie=cookies[page.persona],
                wrk=wrk,
            )
        rows, bare_runs, floor_runs = [], [], []
        for page in pages:
            runs = []
            for measured in (Page("bare", f"/{BARE_PATH}"), floor, page):
                drain(bare_url)
                runs.append(
                    loadgen.measure(
                        f"{base}{measured.path}",
                        seconds=seconds,
                        connections=connections,
                        cookie=cookies[measured.persona],
                        wrk=wrk,
                    )
                )
            drain(bare_url)
            bare, floor_result, result = runs
            self.say(
                f"  {page.label}: {result.per_second:,.1f} req/s (bare view {bare.per_second:,.1f}, "
                f"floor {floor_result.per_second:,.1f})"
            )
            bare_runs.append(bare)
            floor_runs.append(floor_result)
            rows.append((page.label, result, bare, floor_result))
        bare_mean, floor_mean = _mean(bare_runs), _mean(floor_runs)
        return [
            (f"bare JSON view (mean of {len(bare_runs)} runs)", bare_mean, None, None),
            (
                f"floor: base layout, signed-in student (mean of {len(floor_runs)} runs)",
                floor_mean,
                bare_mean,
                floor_mean,
            ),
            *rows,
        ]


def _mean(runs: list[loadgen.LoadResult]) -> loadgen.LoadResult:
    """The bare view's runs as one row: their total throughput, the median p50, the worst p99."""
    p50s = sorted(run.p50_ms for run in runs)
    return loadgen.LoadResult(
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        p50_ms=percentile(p50s, 0.5),
        p99_ms=max(run.p99_ms for run in runs),
        errors=sum(run.errors for run in runs),
        load=(runs[0].load[0], runs[-1].load[1]),
    )
