"""Benchmark of the new-match fan-out: one project published to many matching students, through a real worker.

    python manage.py bench_fanout [--students 100000] [--batch 1000] [--instant-every 100] [--keep]

It never touches the configured database's data: like the test runner, it creates a throwaway database next to
it (``<NAME>_bench_fanout``, migrated from scratch) and drops it at the end (``--keep`` leaves it for a look).
It needs a PostgreSQL user allowed to create databases and the Redis of REDIS_URL; a Celery worker (one
process, solo pool, a queue of its own) is started and stopped by the command with the tests' own helper
(tests/celery_worker.py), so like every benchmark it runs from a checkout, not from the production image.

Reported: seeding time; the recipient query; the worker pass (publish → every notice written) as notifications
per second and the broker messages it took (tasks received by the worker, by name; Redis LPUSH calls, which
count server-wide); a redelivery of every batch (must write and email nothing); the same batches run in this
process (no broker) for comparison.
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

import redis
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from employers.models import Employer, EmployerMember, MemberRole
from marketplace.celery import app
from matching.fanout import (
    match_notice_key,
    match_notify_batch,
    match_recipient_batches,
    match_recipients_for_project,
    match_whys_for_students,
)
from matching.tasks import project_match_notify_batch
from notifications.models import Delivery, EmailState, Notification, NotificationKind, NotificationPreference
from projects.models import Project, ProjectStatus, Skill
from projects.services import project_create, project_publish
from students.models import StudentProfile
from tests.celery_worker import start_worker, stop_worker
from universities.models import University

BENCH_SKILLS = ("python", "data-analysis", "sql")
_RECEIVED = re.compile(r"Task ([\w.]+)\[[0-9a-f-]+\] received")
_BATCH_DONE = re.compile(r"Task matching\.tasks\.project_match_notify_batch\[[0-9a-f-]+\] succeeded")


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


class Command(BaseCommand):
    help = "Benchmark the new-match fan-out of one project to many students, in a throwaway database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=100_000, help="Matching students to seed.")
        parser.add_argument("--batch", type=int, default=1000, help="Students per batch task.")
        parser.add_argument(
            "--instant-every", type=int, default=100, help="Every Nth student wants instant email (0: none)."
        )
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")

    def handle(self, *args, students: int, batch: int, instant_every: int, keep: bool, **options) -> None:
        if students < 1 or batch < 1 or instant_every < 0:
            raise CommandError("--students and --batch must be at least 1, --instant-every at least 0.")
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_fanout"
        self.say(f"Creating the throwaway database {connection.settings_dict['TEST']['NAME']} …")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        marketplace = settings.MARKETPLACE
        previous = dict(marketplace)
        marketplace.update(MATCH_FANOUT_BATCH=batch, MATCH_NOTIFY_MAX_PER_PROJECT=0)
        try:
            self.run_benchmark(students=students, batch=batch, instant_every=instant_every)
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

    def run_benchmark(self, *, students: int, batch: int, instant_every: int) -> None:
        owner, first, second = self.seed_projects()
        skills = list(first.required_skills.all())
        university = University.objects.create(name="Bench University", slug="bench-university")
        started = time.monotonic()
        bulk_create_students(
            count=students, university=university, skills=skills, instant_every=instant_every
        )
        self.say(f"Seeded {students:,} matching students in {time.monotonic() - started:.1f} s.")

        started = time.monotonic()
        expected = len(match_recipients_for_project(project=first))
        self.say(f"Recipient query: {expected:,} students in {time.monotonic() - started:.2f} s.")
        if expected == 0:
            raise CommandError("No student matches the benchmark project; the scoring must have changed.")

        # The worker process reads its settings from the environment.
        os.environ["MARKETPLACE_MATCH_FANOUT_BATCH"] = str(batch)
        os.environ["MARKETPLACE_MATCH_NOTIFY_MAX_PER_PROJECT"] = "0"
        log_dir = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
        worker = start_worker(log_dir)
        previous_routes = app.conf.task_routes
        app.conf.task_routes = {"*": {"queue": worker.queue}}
        broker = redis.Redis.from_url(settings.REDIS_URL)
        try:
            self.worker_pass(worker=worker, broker=broker, owner=owner, project=first, expected=expected)
            self.redelivery_pass(worker=worker, project=first, expected=expected)
            self.in_process_pass(worker=worker, project=second)
        finally:
            app.conf.task_routes = previous_routes
            stop_worker(worker)
        self.say(f"Worker log: {worker.log_path}")

    def seed_projects(self) -> tuple[User, Project, Project]:
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
            for n in (1, 2)
        ]
        return owner, projects[0], projects[1]

    def worker_pass(
        self, *, worker, broker: redis.Redis, owner: User, project: Project, expected: int
    ) -> None:
        key = match_notice_key(project=project)
        lpush_before = broker.info("commandstats").get("cmdstat_lpush", {}).get("calls", 0)
        started = time.monotonic()
        project_publish(project=project, user=owner)
        worker.wait_for(
            lambda: Notification.objects.filter(key=key).count() >= expected,
            timeout=1800,
            what="every notice to be written",
        )
        elapsed = time.monotonic() - started
        instant = Notification.objects.filter(
            key=key, email_state__in=[EmailState.PENDING, EmailState.SENDING, EmailState.SENT]
        )
        instant_count = instant.count()
        worker.wait_for(
            lambda: len(worker.sent_emails()) >= instant_count, timeout=600, what="the instant emails"
        )
        lpush = broker.info("commandstats").get("cmdstat_lpush", {}).get("calls", 0) - lpush_before
        received = Counter(_RECEIVED.findall(worker.log_path.read_text(errors="replace")))
        self.say(
            f"Worker pass: {expected:,} notices in {elapsed:.1f} s "
            f"= {expected / elapsed:,.0f} notifications/s"
        )
        self.say(f"  broker messages (tasks received by the worker): {sum(received.values())}")
        for name, count in sorted(received.items()):
            self.say(f"    {name}: {count}")
        self.say(f"  Redis LPUSH calls meanwhile (server-wide, other clients included): {lpush}")
        self.say(f"  instant emails sent: {len(worker.sent_emails()):,} of {instant_count:,} instant notices")

    def redelivery_pass(self, *, worker, project: Project, expected: int) -> None:
        key = match_notice_key(project=project)
        emails_before = len(worker.sent_emails())
        batches = match_recipient_batches(project=project)
        started = time.monotonic()
        done_before = self.batches_done(worker)
        for user_ids in batches:
            project_match_notify_batch.delay(project.pk, user_ids)

        def all_done() -> bool:
            return self.batches_done(worker) - done_before >= len(batches)

        worker.wait_for(all_done, timeout=1800, what="the redelivered batches")
        elapsed = time.monotonic() - started
        time.sleep(1)
        rows = Notification.objects.filter(key=key).count()
        emails = len(worker.sent_emails()) - emails_before
        self.say(
            f"Redelivery of all {len(batches)} batches: {elapsed:.1f} s, "
            f"{rows - expected} new notices, {emails} new emails"
        )
        if rows != expected or emails:
            raise CommandError("A redelivered batch wrote or emailed something twice.")

    @staticmethod
    def batches_done(worker) -> int:
        return len(_BATCH_DONE.findall(worker.log_path.read_text(errors="replace")))

    def in_process_pass(self, *, worker, project: Project) -> None:
        # Opened without project_publish, so that no fan-out task is queued: this pass runs the same batches
        # in this process, to separate the database work from the broker and worker.
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.OPEN, published_at=timezone.now())
        project.refresh_from_db()
        started = time.monotonic()
        batches = match_recipient_batches(project=project)
        query_time = time.monotonic() - started
        started = time.monotonic()
        match_whys_for_students(project=project, user_ids=batches[0])
        why_time = time.monotonic() - started
        started = time.monotonic()
        written = 0
        for user_ids in batches:
            with transaction.atomic():
                written += match_notify_batch(project=project, user_ids=user_ids)
        elapsed = time.monotonic() - started
        self.say(
            f"In-process pass (no broker): recipient query {query_time:.1f} s, then {written:,} notices in "
            f"{elapsed:.1f} s = {written / elapsed:,.0f} notifications/s; the why lines of one batch of "
            f"{len(batches[0]):,} take about {why_time:.2f} s of it"
        )
