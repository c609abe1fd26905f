"""Benchmark of recommendations: `match_list_for_student` (top 20) over 100,000 open projects.

    python manage.py bench_matching [--projects 100000] [--students 3000] [--runs 200] [--explain] [--drop]
    make bench-matching

It never touches the configured database's data: like the test runner, it works in a database of its own
next to it (``<NAME>_bench_matching``, migrated from scratch the first time). The data is seeded once with
bulk inserts and kept, so the next run only measures; ``--drop`` drops the database at the end. It needs a
PostgreSQL user allowed to create databases.

The seed is realistic rather than uniform: projects draw 1-5 required and 0-3 nice-to-have skills from the
shipped taxonomy, mostly from their own field and a few from a neighbouring one; students have 3-12 skills
from their major's fields (popular skills more often), one in ten has an ongoing engagement, one project in
ten is for partner universities only. Project texts come from field vocabularies
(matching/management/bench_texts.py: "data" in ~30% of them, "geospatial" in ~0.1%), so the web benchmark's
searches find what a real catalogue would; a seed from before them is rewritten in place on the next run.

Timings are wall-clock for the whole call (both queries and building
the reasons) for `--runs` different students, after one warm-up pass over them (timed too, as the cold
figures); printed as p50/p95/p99/max in ms.
"""

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Application, ApplicationStatus
from employers.models import Employer
from engagements.models import Engagement, EngagementStatus
from marketplace.benchmarks import percentile
from matching.management import bench_texts
from matching.ranking import STATEMENT_SETTINGS
from matching.selectors import match_list_for_student
from projects.models import LocationType, Project, ProjectStatus, Skill, Visibility
from projects.skills_taxonomy import MAJOR_SKILL_CATEGORIES
from students.models import StudentProfile
from universities.models import Partnership, PartnershipSide, PartnershipStatus, University

SEED = 20260601
BATCH = 5000
TIME_ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Singapore", "UTC", "Europe/Paris"]
CITIES = ["Berlin", "London", "New York", "Singapore", "Paris", "Toronto"]


def _pick_skills(rng: random.Random, pool: list[Skill], count: int) -> list[Skill]:
    """`count` distinct skills of `pool`, the first ones more often (a skew like real popularity)."""
    weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(pool))]
    chosen: dict[int, Skill] = {}
    while len(chosen) < min(count, len(pool)):
        skill = rng.choices(pool, weights=weights)[0]
        chosen[skill.pk] = skill
    return list(chosen.values())


class Command(BaseCommand):
    help = "Time match_list_for_student over 100,000 open projects in a database of its own."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--projects", type=int, default=100_000)
        parser.add_argument("--students", type=int, default=3_000)
        parser.add_argument("--runs", type=int, default=200, help="How many different students to time.")
        parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE of one query.")
        parser.add_argument("--drop", action="store_true", help="Drop the benchmark database at the end.")

    def handle(self, *args, projects: int, students: int, runs: int, explain: bool, drop: bool, **options):
        if projects < 1 or students < 1 or runs < 1:
            raise CommandError("--projects, --students and --runs must be at least 1.")
        original_name = connection.settings_dict["NAME"]
        bench_name = self.use_database()
        try:
            self.seed(projects=projects, students=students)
            self.measure(runs=runs, explain=explain)
        finally:
            if drop:
                connection.creation.destroy_test_db(original_name, verbosity=0)
                self.say(f"Dropped {bench_name}.")

    def use_database(self) -> str:
        """Point the connection at ``<NAME>_bench_matching``, created and migrated when missing; its name.
        (The web benchmark, demo's `bench_web`, serves the same database.)"""
        bench_name = f"{connection.settings_dict['NAME']}_bench_matching"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_name
        self.say(f"Using the benchmark database {bench_name} (created and migrated when missing) …")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
        return bench_name

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    # --- Seeding ---

    def seed(self, *, projects: int, students: int) -> None:
        have_projects = Project.objects.filter(
            status=ProjectStatus.OPEN, employer__slug__startswith=bench_texts.BENCH_EMPLOYER_SLUG_PREFIX
        ).count()
        have_students = StudentProfile.objects.filter(user__email__endswith="@bench.example").count()
        if have_projects >= projects and have_students >= students:
            self.say(f"Seed present: {have_projects:,} open projects, {have_students:,} students.")
            if self.rewrite_old_texts():
                connection.cursor().execute("VACUUM ANALYZE projects_project")
            return
        if have_projects or have_students:
            raise CommandError("A partial seed is present: run again with --drop, then once more.")
        rng = random.Random(SEED)
        skills = list(Skill.objects.order_by("pk"))
        if not skills:
            raise CommandError("No skills: the taxonomy migration should have loaded them.")
        by_field: dict[str, list[Skill]] = {}
        for skill in skills:
            by_field.setdefault(skill.category, []).append(skill)
        fields = sorted(by_field)
        started = time.monotonic()
        with transaction.atomic():
            universities = University.objects.bulk_create(
                University(name=f"Bench University {n}", slug=f"bench-university-{n}") for n in range(5)
            )
            employers = Employer.objects.bulk_create(
                Employer(name=f"Bench Employer {n}", slug=f"{bench_texts.BENCH_EMPLOYER_SLUG_PREFIX}{n}")
                for n in range(500)
            )
            Partnership.objects.bulk_create(
                Partnership(
                    employer=employer,
                    university=rng.choice(universities),
                    status=PartnershipStatus.ACTIVE,
                    requested_by_side=PartnershipSide.EMPLOYER,
                )
                for employer in employers[::4]
            )
            self.seed_projects(rng, projects, employers, by_field, fields)
            self.say(f"Seeded {projects:,} open projects in {time.monotonic() - started:.1f} s.")
            self.seed_students(rng, students, universities, by_field, fields)
        connection.cursor().execute("VACUUM ANALYZE")
        self.say(f"Seeded {students:,} students; total {time.monotonic() - started:.1f} s.")

    def rewrite_old_texts(self) -> bool:
        """A seed from before the realistic texts ("Bench project N", which no search finds) gets them in
        place, so the database need not be seeded again. Whether it did."""
        if not bench_texts.has_old_texts():
            return False
        self.say("Rewriting the seed's project texts (they predate the realistic ones) …")
        started = time.monotonic()
        with transaction.atomic():
            rewritten = bench_texts.rewrite_old_texts()
        self.say(f"Rewrote {rewritten:,} projects' texts in {time.monotonic() - started:.1f} s.")
        return True

    def seed_projects(self, rng, count, employers, by_field, fields) -> None:
        now = timezone.now()
        text_rng = random.Random(bench_texts.TEXT_SEED)  # apart, so a rewrite draws the same texts
        required_through = Project.required_skills.through
        nice_through = Project.nice_to_have_skills.through
        for start in range(0, count, BATCH):
            rows, skill_sets = [], []
            for _ in range(start, min(count, start + BATCH)):
                field = rng.choice(fields)
                neighbour = rng.choice(fields)
                hours = rng.choice([5, 8, 10, 15, 20, 25, 30, 40])
                onsite = rng.random() < 0.15
                title, summary, description = bench_texts.project_texts(text_rng, field)
                rows.append(
                    Project(
                        employer=rng.choice(employers),
                        title=title,
                        summary=summary,
                        description=description,
                        deliverables=["A report"],
                        field=field,
                        estimated_hours=hours,
                        fee=Decimal(hours * 25),
                        location_type=LocationType.ONSITE if onsite else LocationType.REMOTE,
                        location=rng.choice(CITIES) if onsite else "",
                        application_deadline=now + dt.timedelta(hours=rng.randint(2, 24 * 40)),
                        due_date=(now + dt.timedelta(days=rng.randint(42, 90))).date(),
                        visibility=Visibility.PARTNERS if rng.random() < 0.1 else Visibility.PUBLIC,
                        status=ProjectStatus.OPEN,
                        published_at=now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
                    )
                )
                required = _pick_skills(rng, by_field[field], rng.randint(1, 4))
                if rng.random() < 0.3:
                    required += _pick_skills(rng, by_field[neighbour], 1)
                nice = _pick_skills(rng, by_field[field] + by_field[neighbour], rng.randint(0, 3))
                skill_sets.append(({s.pk for s in required}, {s.pk for s in nice} - {s.pk for s in required}))
            created = Project.objects.bulk_create(rows)
            required_through.objects.bulk_create(
                required_through(project_id=project.pk, skill_id=skill_id)
                for project, (required, _) in zip(created, skill_sets, strict=True)
                for skill_id in required
            )
            nice_through.objects.bulk_create(
                nice_through(project_id=project.pk, skill_id=skill_id)
                for project, (_, nice) in zip(created, skill_sets, strict=True)
                for skill_id in nice
            )

    def seed_students(self, rng, count, universities, by_field, fields) -> None:
        password = make_password(None)
        now = timezone.now()
        majors = sorted(MAJOR_SKILL_CATEGORIES)
        users = User.objects.bulk_create(
            User(email=f"student{n}@bench.example", full_name=f"Bench Student {n}", role=Role.STUDENT,
                 password=password)
            for n in range(count)
        )  # fmt: skip
        profiles, skill_sets = [], []
        for user in users:
            major = rng.choice(majors)
            pool = [skill for field in MAJOR_SKILL_CATEGORIES[major] for skill in by_field.get(field, [])]
            profiles.append(
                StudentProfile(
                    user=user,
                    university=rng.choice(universities),
                    verified_at=now if rng.random() < 0.8 else None,
                    major=major,
                    weekly_hours_available=rng.choice([5, 8, 10, 12, 15, 20]),
                    time_zone=rng.choice(TIME_ZONES),
                )
            )
            skill_sets.append(
                {skill.pk for skill in _pick_skills(rng, pool or by_field[fields[0]], rng.randint(3, 12))}
            )
        created = StudentProfile.objects.bulk_create(profiles)
        through = StudentProfile.skills.through
        through.objects.bulk_create(
            through(studentprofile_id=profile.pk, skill_id=skill_id)
            for profile, skill_ids in zip(created, skill_sets, strict=True)
            for skill_id in skill_ids
        )
        self.seed_engagements(rng, created)

    def seed_engagements(self, rng, profiles) -> None:
        """One student in ten has an ongoing engagement, taking part of their weekly hours."""
        busy = profiles[::10]
        projects = list(Project.objects.order_by("?").select_related("employer")[: len(busy)])
        applications = Application.objects.bulk_create(
            Application(project=project, student=profile, status=ApplicationStatus.ACCEPTED)
            for profile, project in zip(busy, projects, strict=False)
        )
        Engagement.objects.bulk_create(
            Engagement(
                application=application,
                project=application.project,
                student=application.student,
                employer=application.project.employer,
                status=rng.choice([EngagementStatus.KICKOFF, EngagementStatus.ACTIVE]),
                fee=application.project.fee,
                currency=application.project.currency,
                estimated_hours=application.project.estimated_hours,
                due_date=application.project.due_date,
            )
            for application in applications
        )

    # --- Measuring ---

    def measure(self, *, runs: int, explain: bool) -> None:
        students = list(
            StudentProfile.objects.filter(user__email__endswith="@bench.example", skills__isnull=False)
            .distinct()
            .order_by("pk")[:runs]
        )
        open_count = Project.objects.filter(status=ProjectStatus.OPEN).count()
        self.say(
            f"Timing match_list_for_student(limit=20) for {len(students)} students, "
            f"{open_count:,} open projects."
        )
        # The warm-up pass also compiles the statement shapes (matching.ranking._Template) a server process
        # keeps after its first requests; `first` times that pass, the cold cost of each shape included.
        first = []
        for student in students:
            started = time.perf_counter()
            match_list_for_student(student=student)
            first.append((time.perf_counter() - started) * 1000)
        timings, sizes = [], []
        for student in students:
            started = time.perf_counter()
            matches = match_list_for_student(student=student)
            timings.append((time.perf_counter() - started) * 1000)
            sizes.append(len(matches))
        self.say(
            "match_list_for_student: "
            f"p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
            f"p99 {percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms, "
            f"mean {statistics.fmean(timings):.1f} ms; {statistics.fmean(sizes):.1f} matches per student"
        )
        self.say(
            f"first pass (cold): p50 {percentile(first, 0.5):.1f} ms, p99 {percentile(first, 0.99):.1f} ms, "
            f"max {max(first):.1f} ms"
        )
        if explain:
            self.explain(students[len(students) // 2])

    def explain(self, student: StudentProfile) -> None:
        """EXPLAIN ANALYZE of the ranking query one call makes."""
        captured: list[tuple[str, object]] = []

        def capture(execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            match_list_for_student(student=student)
        sql, params = next((sql, params) for sql, params in captured if "full_match" in sql)
        # The statement goes out behind its session settings (ranking.STATEMENT_SETTINGS): EXPLAIN cannot
        # prefix a SET, so the settings are sent first, in the same transaction, and EXPLAIN runs alone.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(STATEMENT_SETTINGS)
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql.removeprefix(STATEMENT_SETTINGS)}", params)
            self.say("\n".join(row[0] for row in cursor.fetchall()))
