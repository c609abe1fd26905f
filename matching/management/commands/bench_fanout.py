"""Benchmark of the new-match fan-out: one project published to many matching students, through a real worker.

    python manage.py bench_fanout [--students 100000] [--batch 1000,5000] [--workers 2]
                                  [--instant-every 100] [--keep]

It never touches the configured database's data: like the test runner, it creates a throwaway database next to
it (``<NAME>_bench_fanout``, migrated from scratch) and drops it at the end (``--keep`` leaves it for a look).
It needs a PostgreSQL user allowed to create databases and the Redis of REDIS_URL; Celery workers (a queue of
their own; one process with the solo pool, or several with prefork) are started and stopped by the command
with the tests' own helper (tests/celery_worker.py), so like every benchmark it runs from a checkout, not from
the production image.

Reported, all in one run on the same seeded students: how long finding the recipients takes (the uncapped
fan-out's keyset ranges, beside the capped fan-out's ranking); one worker pass per batch size and worker count
(publish → every notice written, each pass on a project of its own) as notifications per second with the
broker messages it took (tasks received by the workers, by name, and per 1,000 recipients); a redelivery of
every batch (must write and email nothing); the same ranges run in this process (no broker); the load average.
"""

import datetime as dt
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from employers.models import Employer, EmployerMember, MemberRole
from matching.fanout import (
    match_notice_key,
    match_notify_range,
    match_recipient_ranges,
    match_recipients_for_project,
)
from matching.tasks import project_match_notify_batch
from notifications.models import Delivery, EmailState, Notification, NotificationKind, NotificationPreference
from projects.models import Project, ProjectStatus, Skill
from projects.services import project_create, project_publish
from students.models import StudentProfile
from tests.celery_worker import CeleryWorker, worker_running
from universities.models import University

BENCH_SKILLS = ("python", "data-analysis", "sql")
_RECEIVED = re.compile(r"Task ([\w.]+)\[[0-9a-f-]+\] received")
_BATCH_DONE = re.compile(r"Task matching\.tasks\.project_match_notify_batch\[[0-9a-f-]+\] succeeded")
FANOUT_TASKS = ("matching.tasks.project_match_fanout", "matching.tasks.project_match_notify_batch")


def bulk_create_students(
    *,
    count: int,
    university: University,
    skills: Sequence[Skill],
    email_prefix: str = "bench-student",
    major: str = "Computer Science",
    weekly_hours: int = 20,
    instant_every: int = 0,
    batch_size: int = 5000,
) -> list[int]:
    """Create ``count`` verified students of ``university`` holding ``skills``; returns their user ids.

    Written with bulk inserts in large batches and unusable passwords (hashing 100,000 passwords would take
    longer than the rest). Every ``instant_every``-th student (0: none) asks for new-match notices instantly,
    so the fan-out also queues emails for them.
    """
    now = timezone.now()
    through = StudentProfile.skills.through
    user_ids: list[int] = []
    for start in range(0, count, batch_size):
        users = User.objects.bulk_create(
            User(
                email=f"{email_prefix}-{n}@bench.invalid",
                full_name=f"Bench Student {n}",
                role=Role.STUDENT,
                password=f"{UNUSABLE_PASSWORD_PREFIX}bench",
            )
            for n in range(start, min(count, start + batch_size))
        )
        profiles = StudentProfile.objects.bulk_create(
            StudentProfile(
                user=user,
                university=university,
                verified_at=now,
                major=major,
                weekly_hours_available=weekly_hours,
            )
            for user in users
        )
        through.objects.bulk_create(
            through(studentprofile_id=profile.pk, skill_id=skill.pk)
            for profile in profiles
            for skill in skills
        )
        if instant_every:
            NotificationPreference.objects.bulk_create(
                NotificationPreference(user=user, kind=NotificationKind.NEW_MATCH, delivery=Delivery.INSTANT)
                for user in users[::instant_every]
            )
        user_ids += [user.pk for user in users]
    return user_ids


def _sizes(value: str) -> list[int]:
    sizes = [int(part) for part in value.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise ValueError(value)
    return sizes


def _load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


class Command(BaseCommand):
    help = "Benchmark the new-match fan-out of one project to many students, in a throwaway database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=100_000, help="Matching students to seed.")
        parser.add_argument(
            "--batch", type=_sizes, default=[1000, 5000], help="Students per batch task (comma-separated)."
        )
        parser.add_argument(
            "--workers",
            type=_sizes,
            default=[1, 2],
            help="Worker processes sharing the batches (comma-separated).",
        )
        parser.add_argument(
            "--instant-every", type=int, default=100, help="Every Nth student wants instant email (0: none)."
        )
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")

    def handle(
        self,
        *args,
        students: int,
        batch: list[int],
        workers: list[int],
        instant_every: int,
        keep: bool,
        **options,
    ) -> None:
        if students < 1 or instant_every < 0:
            raise CommandError("--students must be at least 1, --instant-every at least 0.")
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_fanout"
        self.say(f"Creating the throwaway database {connection.settings_dict['TEST']['NAME']} …")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        marketplace = settings.MARKETPLACE
        previous = dict(marketplace)
        marketplace.update(MATCH_FANOUT_BATCH=batch[0], MATCH_NOTIFY_MAX_PER_PROJECT=0)
        try:
            self.run_benchmark(students=students, batches=batch, workers=workers, instant_every=instant_every)
        finally:
            marketplace.clear()
            marketplace.update(previous)
            if keep:
                self.say(f"Kept {connection.settings_dict['NAME']}.")
            else:
                connection.creation.destroy_test_db(original_name, verbosity=0)

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def run_benchmark(
        self, *, students: int, batches: list[int], workers: list[int], instant_every: int
    ) -> None:
        passes = [(size, processes) for size in batches for processes in workers]
        owner, projects = self.seed_projects(len(passes) + 1)
        skills = list(projects[0].required_skills.all())
        university = University.objects.create(name="Bench University", slug="bench-university")
        started = time.monotonic()
        bulk_create_students(
            count=students, university=university, skills=skills, instant_every=instant_every
        )
        self.say(
            f"Seeded {students:,} matching students in {time.monotonic() - started:.1f} s (load {_load()})."
        )

        expected = self.finding_pass(projects[0])
        rows = []
        log_dir = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
        for number, ((size, processes), project) in enumerate(zip(passes, projects, strict=False)):
            with self.worker(log_dir / f"pass-{number}", batch=size, processes=processes) as worker:
                rows.append(self.worker_pass(worker=worker, owner=owner, project=project, expected=expected))
        with self.worker(log_dir / "redelivery", batch=batches[0], processes=max(workers)) as worker:
            self.redelivery_pass(worker=worker, project=projects[0], expected=expected)
        self.in_process_pass(project=projects[-1])

        self.say("")
        self.say("| batch | processes | notices | seconds | notices/s | batch tasks | email tasks | "
                 "fan-out messages per 1,000 | load before → after |")  # fmt: skip
        self.say("|---|---|---|---|---|---|---|---|---|")
        for (size, processes), row in zip(passes, rows, strict=True):
            self.say(
                f"| {size:,} | {processes} | {row['notices']:,} | {row['seconds']:.1f} | "
                f"{row['notices'] / row['seconds']:,.0f} | {row['batch']} | {row['email']} | "
                f"{1000 * (row['batch'] + row['fanout']) / row['notices']:.2f} | {row['load']} |"
            )
        self.say(f"Worker logs: {log_dir}")

    def seed_projects(self, count: int) -> tuple[User, list[Project]]:
        owner = User.objects.create_user("bench-owner@bench.invalid", role=Role.EMPLOYER)
        employer = Employer.objects.create(name="Bench Employer", slug="bench-employer")
        EmployerMember.objects.create(employer=employer, user=owner, role=MemberRole.OWNER)
        skills = [Skill.objects.get_or_create(slug=slug, defaults={"name": slug})[0] for slug in BENCH_SKILLS]
        projects = [
            project_create(
                user=owner,
                employer=employer,
                title=f"Sales data clean-up {n}",
                summary="Clean and analyse a year of sales data.",
                deliverables=["A cleaned dataset", "A short report"],
                estimated_hours=10,
                fee=Decimal("400.00"),
                application_deadline=timezone.now() + dt.timedelta(days=14),
                due_date=timezone.localdate() + dt.timedelta(days=45),
                required_skills=skills,
            )
            for n in range(1, count + 1)
        ]
        return owner, projects

    def finding_pass(self, project: Project) -> int:
        """How long finding the recipients takes: the keyset ranges (uncapped) and the ranking (capped)."""
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.OPEN, published_at=timezone.now())
        for statistics in ("as seeded", "after ANALYZE"):
            if statistics == "after ANALYZE":
                # What autovacuum does soon after a bulk load; right after it the planner still sees the
                # tables as they were before.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE students_studentprofile, students_studentprofile_skills")
            started = time.monotonic()
            pages = match_recipient_ranges(project=project)
            first = next(pages)
            first_page = time.monotonic() - started
            ranges = first + [students for page in pages for students in page]
            found = time.monotonic() - started
            self.say(
                f"Recipients found (uncapped: keyset ranges, statistics {statistics}): {len(ranges)} "
                f"ranges of {settings.MARKETPLACE['MATCH_FANOUT_BATCH']:,} in {found:.2f} s (first page of "
                f"{len(first)} ranges in {first_page:.2f} s)"
            )
        for cap in (2000, 0):
            settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = cap
            started = time.monotonic()
            expected = len(match_recipients_for_project(project=project))
            self.say(
                f"Recipients ranked (capped fan-out, cap {cap or 'none'}): {expected:,} students in "
                f"{time.monotonic() - started:.2f} s"
            )
        settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 0
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.DRAFT, published_at=None)
        if expected == 0:
            raise CommandError("No student matches the benchmark project; the scoring must have changed.")
        return expected

    def worker(self, log_dir: Path, *, batch: int, processes: int):
        """A worker (``processes`` processes) reading its fan-out settings from the environment."""
        os.environ["MARKETPLACE_MATCH_FANOUT_BATCH"] = str(batch)
        os.environ["MARKETPLACE_MATCH_NOTIFY_MAX_PER_PROJECT"] = "0"
        settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = batch
        log_dir.mkdir(parents=True)
        return worker_running(log_dir, concurrency=processes)

    def worker_pass(self, *, worker: CeleryWorker, owner: User, project: Project, expected: int) -> dict:
        key = match_notice_key(project=project)
        load = _load()
        started = time.monotonic()
        project_publish(project=project, user=owner)
        worker.wait_for(
            lambda: Notification.objects.filter(key=key).count() >= expected,
            timeout=1800,
            what="every notice to be written",
        )
        elapsed = time.monotonic() - started
        instant_count = Notification.objects.filter(
            key=key, email_state__in=[EmailState.PENDING, EmailState.SENDING, EmailState.SENT]
        ).count()
        worker.wait_for(
            lambda: len(worker.sent_emails()) >= instant_count, timeout=600, what="the instant emails"
        )
        received = Counter(_RECEIVED.findall(worker.log_path.read_text(errors="replace")))
        self.say(
            f"Worker pass ({settings.MARKETPLACE['MATCH_FANOUT_BATCH']:,} a batch): {expected:,} notices in "
            f"{elapsed:.1f} s = {expected / elapsed:,.0f} notifications/s; broker messages: "
            + ", ".join(f"{name.rsplit('.', 1)[1]} {count}" for name, count in sorted(received.items()))
            + f"; instant emails sent: {len(worker.sent_emails()):,} of {instant_count:,}"
        )
        return {
            "notices": expected,
            "seconds": elapsed,
            "fanout": received[FANOUT_TASKS[0]],
            "batch": received[FANOUT_TASKS[1]],
            "email": received["notifications.tasks.notification_emails_send"],
            "load": f"{load} → {_load()}",
        }

    def redelivery_pass(self, *, worker: CeleryWorker, project: Project, expected: int) -> None:
        key = match_notice_key(project=project)
        ranges = [students for page in match_recipient_ranges(project=project) for students in page]
        started = time.monotonic()
        for students in ranges:
            project_match_notify_batch.delay(project.pk, students)
        worker.wait_for(lambda: self.batches_done(worker) >= len(ranges), timeout=1800, what="the redelivery")
        elapsed = time.monotonic() - started
        time.sleep(1)
        rows = Notification.objects.filter(key=key).count()
        emails = len(worker.sent_emails())
        self.say(
            f"Redelivery of all {len(ranges)} batches: {elapsed:.1f} s, {rows - expected} new notices, "
            f"{emails} new emails"
        )
        if rows != expected or emails:
            raise CommandError("A redelivered batch wrote or emailed something twice.")

    @staticmethod
    def batches_done(worker: CeleryWorker) -> int:
        return len(_BATCH_DONE.findall(worker.log_path.read_text(errors="replace")))

    def in_process_pass(self, *, project: Project) -> None:
        # Opened without project_publish, so that no fan-out task is queued: this pass runs the same batches
        # in this process, to separate the database work from the broker and worker.
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.OPEN, published_at=timezone.now())
        project.refresh_from_db()
        started = time.monotonic()
        ranges = [students for page in match_recipient_ranges(project=project) for students in page]
        query_time = time.monotonic() - started
        started = time.monotonic()
        written = 0
        for students in ranges:
            written += match_notify_range(project=project, students=students)
        elapsed = time.monotonic() - started
        self.say(
            f"In-process pass (no broker, {settings.MARKETPLACE['MATCH_FANOUT_BATCH']:,} a batch): ranges in "
            f"{query_time:.2f} s, then {written:,} notices in {elapsed:.1f} s = {written / elapsed:,.0f} "
            f"notifications/s ({1000 * elapsed / len(ranges):.0f} ms a batch: score, why and insert)"
        )
