"""The data of `bench_reports`: one university with 100,000 students and a year of activity, written with
set-based SQL (INSERT … SELECT over generate_series), so a million applications take seconds, not an hour.

Every row respects the models' constraints (NOT NULL, unique, check): the pair (project, student) of the
n-th application of a student is computed so it never repeats; accepted applicants are the first ones of a
project, at most its openings; hours stay within a day; payments and ratings within their bounds. PostgreSQL's
`random()` is seeded (`setseed`) first, so a fresh database gets the same figures on every run.

The shape: students sign up over the year (majors from the taxonomy, graduation years over five years, four in
five verified, about a third with a complete profile); employers post projects over the year in every field,
with a skew to the busiest; a student's applications go to projects published in the months after they
joined; the project's status decides the outcome (open ones still pending, closed ones decided); the first
applicants of filled projects are accepted and their engagements completed (payments on time, late or
pending; reviews by one side, both or neither) or cancelled (some paid pro rata), with hours logged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Application, ApplicationEvent
from employers.models import Employer
from engagements.models import Engagement, HoursLog, Payment, Review
from projects.models import Project, Skill, SkillCategory
from projects.skills_taxonomy import MAJOR_SKILL_CATEGORIES, skill_taxonomy_sync
from students.models import StudentProfile
from universities.models import Partnership, University
from universities.services import career_staff_add

BENCH_DOMAIN = "bench.example"
STAFF_EMAIL = f"career-office@{BENCH_DOMAIN}"
# The authenticator secret of the benchmark's career staff (the admin requires MFA of staff).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
UNIVERSITY_SLUG = "bench-university-0"
# The tables written with INSERT … SELECT (the rest go through the ORM).
SEEDED_MODELS = [
    Employer, Partnership, User, StudentProfile, Project, Application, ApplicationEvent, Engagement, HoursLog,
    Payment, Review,
]  # fmt: skip


@dataclass(frozen=True)
class Sizes:
    students: int = 100_000  # at the benchmarked university; the two others get a tenth of that between them
    applications: int = 1_000_000
    employers: int = 2_000
    projects: int = 20_000


def seed_present() -> dict[str, int]:
    """What an earlier run left: students at the benchmarked university and applications in all."""
    university = University.objects.filter(slug=UNIVERSITY_SLUG).first()
    if university is None:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM students_studentprofile WHERE university_id = %s),"
            " (SELECT count(*) FROM applications_application)",
            [university.pk],
        )
        students, applications = cursor.fetchone()
    return {"students": students, "applications": applications}


def staff_user() -> User:
    return User.objects.get(email=STAFF_EMAIL)


def seed(sizes: Sizes, *, say=print) -> None:
    """Write the whole data set in one transaction, then ANALYZE so the planner knows the tables."""
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        skill_taxonomy_sync()  # the migration's taxonomy, gone from a test database another test flushed
        universities = University.objects.bulk_create(
            University(name=f"Bench University {n}", slug=f"bench-university-{n}", country="Germany")
            for n in range(3)
        )
        staff = User.objects.create_user(
            STAFF_EMAIL, None, full_name="Bench Career Office", role=Role.CAREER_STAFF, is_staff=True
        )
        career_staff_add(user=staff, university=universities[0])
        TOTP.activate(staff, STAFF_TOTP_SECRET)
        with connection.cursor() as cursor, _model_defaults_in_the_database(cursor):
            cursor.execute("SELECT setseed(0.2026)")
            _Seeder(cursor, sizes, now, [u.pk for u in universities], say).run()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextlib.contextmanager
def _model_defaults_in_the_database(cursor) -> Iterator[None]:
    """Give the seeded tables' NOT NULL columns their model default as a column DEFAULT for the while, so a
    column added to a model later (with a default) needs no change here; removed again afterwards."""
    quote = connection.ops.quote_name
    columns = []
    for model in SEEDED_MODELS:
        for field in model._meta.concrete_fields:
            if field.null or field.unique or field.primary_key:
                continue
            # A text column without a default still has one in Django (the empty string).
            if not field.has_default() and not field.empty_strings_allowed:
                continue
            if field.db_default is not NOT_PROVIDED:
                continue
            table, column = quote(model._meta.db_table), quote(field.column)
            value = field.get_db_prep_save(field.get_default(), connection)
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT %s", [value])
            columns.append((table, column))
    yield
    # A table with foreign-key checks still pending refuses ALTER: run them now, then defer them again.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, column in columns:
        cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class _Seeder:
    def __init__(self, cursor, sizes: Sizes, now: dt.datetime, universities: list[int], say) -> None:
        self.cursor, self.sizes, self.say = cursor, sizes, say
        self.params = {
            "now": now,
            "year": timezone.localdate(now).year,
            "u0": universities[0],
            "u1": universities[1],
            "u2": universities[2],
            "students": sizes.students,
            "all_students": sizes.students + max(2, sizes.students // 10),
            "employers": sizes.employers,
            "projects": sizes.projects,
            "applications": sizes.applications,
            "majors": sorted(MAJOR_SKILL_CATEGORIES),
            "fields": [c.value for c in SkillCategory],
            "skills": list(Skill.objects.order_by("pk").values_list("pk", flat=True)),
            "password": make_password(None),
        }

    def sql(self, label: str, statement: str, **extra) -> None:
        self.cursor.execute(statement, {**self.params, **extra})
        self.say(f"  {label}: {self.cursor.rowcount:,} rows")

    def run(self) -> None:
        self.people()
        self.projects()
        self.applications()
        self.engagements()

    def people(self) -> None:
        self.sql(
            "employers",
            """
            INSERT INTO employers_employer
                (public_id, created_at, updated_at, name, slug, description, website, logo, is_verified)
            SELECT gen_random_uuid(), %(now)s - interval '500 days', %(now)s, 'Bench Employer ' || n,
                   'bench-employer-' || n, '', '', '', n %% 5 <> 0
            FROM generate_series(0, %(employers)s - 1) AS n
            """,
        )
        self.sql(
            "partnerships",
            """
            INSERT INTO universities_partnership (created_at, updated_at, employer_id, university_id, status,
                requested_by_side, message, decided_at)
            SELECT %(now)s - interval '400 days', %(now)s, e.id,
                   CASE WHEN e.n %% 3 = 0 THEN %(u0)s ELSE %(u1)s END,
                   CASE WHEN e.n %% 9 = 6 THEN 'requested' ELSE 'active' END,
                   CASE WHEN e.n %% 2 = 0 THEN 'employer' ELSE 'university' END, '',
                   CASE WHEN e.n %% 9 = 6 THEN NULL ELSE %(now)s - interval '390 days' END
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM employers_employer
                  WHERE slug LIKE 'bench-employer-%%') AS e
            WHERE e.n %% 3 = 0 OR e.n %% 7 = 1
            """,
        )
        self.sql(
            "users",
            f"""
            INSERT INTO accounts_user (password, is_superuser, email, full_name, role, is_staff, is_active,
                date_joined, updated_at)
            SELECT %(password)s, false, 'student' || n || '@{BENCH_DOMAIN}', 'Bench Student ' || n,
                   'student', false, true, %(now)s - random() * interval '365 days', %(now)s
            FROM generate_series(0, %(all_students)s - 1) AS n
            """,
        )
        # One student in three has everything the profile wizard asks for (bio, résumé, skills).
        self.sql(
            "student profiles",
            f"""
            INSERT INTO students_studentprofile (public_id, created_at, updated_at, user_id, university_id,
                verified_at, major, graduation_year, interests, weekly_hours_available, time_zone, bio, links,
                resume, portfolio_public)
            SELECT gen_random_uuid(), u.date_joined, %(now)s, u.id,
                   CASE WHEN u.n < %(students)s THEN %(u0)s WHEN u.n %% 2 = 0 THEN %(u1)s ELSE %(u2)s END,
                   CASE WHEN random() < 0.8 THEN u.date_joined + random() * interval '3 days' END,
                   (%(majors)s::text[])[1 + (u.n * 7 + u.n / 13) %% cardinality(%(majors)s::text[])],
                   CASE WHEN u.n %% 20 = 19 THEN NULL ELSE %(year)s + (u.n / 3) %% 5 END,
                   '{{}}', 5 + (u.n %% 5) * 4, 'Europe/Berlin',
                   CASE WHEN u.n %% 3 = 0 OR u.n %% 5 = 1 THEN 'A student who likes real projects.'
                        ELSE '' END,
                   '{{}}', CASE WHEN u.n %% 3 = 0 THEN 'resumes/bench/cv.pdf' ELSE '' END, u.n %% 4 = 0
            FROM (SELECT id, date_joined, row_number() OVER (ORDER BY id) - 1 AS n FROM accounts_user
                  WHERE email LIKE '%%@{BENCH_DOMAIN}' AND role = 'student') AS u
            """,
        )
        self.sql(
            "student skills",
            """
            INSERT INTO students_studentprofile_skills (studentprofile_id, skill_id)
            SELECT p.id, (%(skills)s::bigint[])[1 + (p.n * 31 + j * 7) %% cardinality(%(skills)s::bigint[])]
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM students_studentprofile) AS p,
                 generate_series(0, 2) AS j
            WHERE p.n %% 10 < 7 OR p.n %% 3 = 0
            """,
        )

    def projects(self) -> None:
        # Published evenly over the year (one in ten still a draft); the status follows from the age: open
        # for three weeks, then in progress for a month, then completed (one in ten cancelled).
        self.sql(
            "projects",
            """
            WITH e AS (SELECT array_agg(id ORDER BY id) AS ids FROM employers_employer
                       WHERE slug LIKE 'bench-employer-%%'),
            base AS (
                SELECT n, 5 + (n * 7) %% 36 AS hours,
                       CASE WHEN n %% 10 <> 9 THEN %(now)s - random() * interval '365 days' END AS published
                FROM generate_series(0, %(projects)s - 1) AS n),
            dated AS (
                SELECT base.*, CASE
                    WHEN published IS NULL THEN 'draft'
                    WHEN published > %(now)s - interval '21 days' THEN 'open'
                    WHEN published > %(now)s - interval '50 days'
                        THEN CASE WHEN n %% 20 = 7 THEN 'cancelled' ELSE 'in_progress' END
                    WHEN n %% 10 = 4 THEN 'cancelled'
                    ELSE 'completed' END AS status
                FROM base)
            INSERT INTO projects_project (public_id, created_at, updated_at, employer_id, title, summary,
                description, deliverables, field, estimated_hours, fee, currency, location_type, location,
                application_deadline, due_date, openings, accepted_count, screening_questions, visibility,
                status, published_at, closed_at, close_reason, completed_at, cancelled_at)
            SELECT gen_random_uuid(), coalesce(published - interval '1 day', %(now)s - interval '3 days'),
                   %(now)s, e.ids[1 + floor(power(random(), 1.6) * cardinality(e.ids))::int],
                   'Bench project ' || n, 'A short piece of work.', '', ARRAY['A report', 'A presentation'],
                   (%(fields)s::text[])[1 + (n / 20) %% cardinality(%(fields)s::text[])], hours, hours * 25,
                   'EUR', 'remote', '',
                   CASE WHEN status = 'open' THEN published + interval '28 days'
                        ELSE coalesce(published, %(now)s) + interval '14 days' END,
                   CASE WHEN status = 'completed'
                        THEN least((published + interval '45 days')::date,
                                   (%(now)s - interval '3 days')::date)
                        WHEN status = 'in_progress' THEN (published + interval '60 days')::date
                        ELSE (coalesce(published, %(now)s) + interval '45 days')::date END,
                   1 + (n %% 7 = 0)::int + (n %% 13 = 0)::int, 0, '{}',
                   CASE WHEN n %% 10 = 3 THEN 'partners' ELSE 'public' END, status, published,
                   CASE WHEN status IN ('in_progress', 'completed') THEN published + interval '14 days'
                        WHEN status = 'cancelled' THEN published + interval '10 days' END,
                   CASE WHEN status IN ('in_progress', 'completed') THEN 'deadline'
                        WHEN status = 'cancelled' THEN 'employer' ELSE '' END,
                   CASE WHEN status = 'completed'
                        THEN least(published + interval '47 days', %(now)s - interval '1 day') END,
                   CASE WHEN status = 'cancelled' THEN published + interval '12 days' END
            FROM dated, e
            """,
        )

    def applications(self) -> None:
        params = self.params
        # Students in order of sign-up, live projects in order of publication, numbered from 0.
        self.cursor.execute(
            f"""
            CREATE TEMP TABLE bench_s ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY u.date_joined, p.id) - 1 AS n, p.id, u.date_joined AS joined
            FROM students_studentprofile p JOIN accounts_user u ON u.id = p.user_id
            WHERE u.email LIKE '%%@{BENCH_DOMAIN}'
            """,
            params,
        )
        self.cursor.execute(
            """
            CREATE TEMP TABLE bench_p ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY published_at, id) - 1 AS n, id, status, published_at,
                   application_deadline, openings
            FROM projects_project WHERE title LIKE 'Bench project %%' AND status <> 'draft'
            """,
            params,
        )
        self.cursor.execute("CREATE UNIQUE INDEX ON bench_s (n); CREATE UNIQUE INDEX ON bench_p (n)")
        self.cursor.execute("SELECT count(*) FROM bench_p")
        (live,) = self.cursor.fetchone()
        students = params["all_students"]
        per_student = -(-params["applications"] // students)
        # The k-th application of a student goes to a project published some weeks after the one matching
        # their sign-up: distinct k give distinct projects (forward, or backward near the end of the year).
        step = max(1, live // (3 * per_student + 1))
        self.sql(
            "applications",
            """
            INSERT INTO applications_application (public_id, created_at, updated_at, project_id, student_id,
                cover_note, answers, status, exceeds_weekly_budget, decision_note, decided_at, withdrawn_at)
            SELECT gen_random_uuid(), created, %(now)s, p.id, s.id, '', '[]', st.status, a.r2 < 0.1, '',
                   CASE WHEN st.status = 'rejected' THEN least(created + a.r2 * interval '9 days', %(now)s)
                        WHEN st.status = 'closed' THEN least(created + interval '21 days', %(now)s) END,
                   CASE WHEN st.status = 'withdrawn'
                        THEN least(created + a.r2 * interval '6 days', %(now)s) END
            FROM (
                SELECT i, s.n AS sn, k, base, jitter, random() AS r, random() AS r2
                FROM generate_series(0, %(applications)s - 1) AS i
                JOIN LATERAL (SELECT i %% %(students)s AS n, i / %(students)s AS k) AS s ON true
                JOIN LATERAL (SELECT (s.n * %(live)s) / %(students)s AS base,
                                     (s.n * 7919) %% greatest(1, %(step)s) AS jitter) AS b ON true
            ) AS a
            JOIN bench_s s ON s.n = a.sn
            JOIN LATERAL (SELECT CASE WHEN a.base + a.jitter + a.k * %(step)s < %(live)s
                                      THEN a.base + a.jitter + a.k * %(step)s
                                      ELSE a.base + a.jitter - (a.k + 1) * %(step)s END AS pn) AS m ON true
            JOIN bench_p p ON p.n = m.pn
            JOIN LATERAL (SELECT least(%(now)s - interval '1 minute', greatest(s.joined, p.published_at)
                                       + a.r * interval '10 days') AS created) AS c ON true
            JOIN LATERAL (SELECT CASE p.status
                WHEN 'open' THEN CASE WHEN a.r2 < .45 THEN 'submitted' WHEN a.r2 < .70 THEN 'shortlisted'
                                      WHEN a.r2 < .85 THEN 'rejected' ELSE 'withdrawn' END
                WHEN 'in_progress' THEN CASE WHEN a.r2 < .08 THEN 'submitted'
                                             WHEN a.r2 < .2 THEN 'shortlisted'
                                             WHEN a.r2 < .85 THEN 'rejected' ELSE 'withdrawn' END
                WHEN 'completed' THEN CASE WHEN a.r2 < .7 THEN 'rejected' WHEN a.r2 < .85 THEN 'withdrawn'
                                           ELSE 'closed' END
                ELSE CASE WHEN a.r2 < .6 THEN 'rejected' ELSE 'withdrawn' END END AS status) AS st ON true
            """,
            students=students,
            live=live,
            step=step,
        )
        # The first applicants of a project that went ahead are accepted, at most its openings.
        self.sql(
            "accepted",
            """
            UPDATE applications_application AS a
            SET status = 'accepted', withdrawn_at = NULL,
                decided_at = least(a.created_at + interval '1 day' + random() * interval '3 days',
                                   %(now)s - interval '3 hours')
            FROM (SELECT a.id, p.openings, p.status, p.n,
                         row_number() OVER (PARTITION BY a.project_id ORDER BY a.created_at, a.id) AS rank
                  FROM applications_application a JOIN bench_p p ON p.id = a.project_id) AS ranked
            WHERE ranked.id = a.id AND ranked.rank <= ranked.openings
              AND a.created_at < %(now)s - interval '3 days'
              AND (ranked.status IN ('in_progress', 'completed')
                   OR (ranked.status = 'cancelled' AND ranked.n %% 3 = 0)
                   OR (ranked.status = 'open' AND ranked.rank < ranked.openings))
            """,
        )
        self.sql(
            "accepted counts",
            """
            UPDATE projects_project AS p SET accepted_count = c.n
            FROM (SELECT project_id, count(*) AS n FROM applications_application WHERE status = 'accepted'
                  GROUP BY project_id) AS c
            WHERE c.project_id = p.id
            """,
        )
        self.sql(
            "application events",
            """
            INSERT INTO applications_applicationevent (application_id, status, note, created_at)
            SELECT id, 'submitted', '', created_at FROM applications_application
            UNION ALL
            SELECT id, 'shortlisted', '', least(created_at + interval '2 days', coalesce(decided_at, %(now)s))
            FROM applications_application
            WHERE status = 'shortlisted' OR (status IN ('accepted', 'rejected') AND id %% 2 = 0)
            UNION ALL
            SELECT id, status, '', coalesce(decided_at, withdrawn_at) FROM applications_application
            WHERE status IN ('accepted', 'rejected', 'closed', 'withdrawn')
            """,
        )

    def engagements(self) -> None:
        self.sql(
            "engagements",
            """
            INSERT INTO engagements_engagement (public_id, created_at, updated_at, application_id, project_id,
                student_id, employer_id, status, fee, currency, estimated_hours, due_date,
                student_confirmed_at, employer_confirmed_at, started_at, completed_at, cancelled_at,
                cancellation_reason)
            SELECT gen_random_uuid(), a.decided_at, %(now)s, a.id, p.id, a.student_id, p.employer_id,
                   st.status, p.fee, p.currency, p.estimated_hours, p.due_date,
                   a.decided_at + interval '1 hour',
                   CASE WHEN st.status <> 'kickoff' THEN a.decided_at + interval '2 hours' END,
                   CASE WHEN st.status <> 'kickoff' THEN a.decided_at + interval '2 hours' END,
                   CASE WHEN st.status = 'completed'
                        THEN least(greatest(a.decided_at + interval '6 days',
                                            p.due_date + interval '17 hours' - random() * interval '5 days'),
                                   %(now)s - interval '1 hour') END,
                   CASE WHEN st.status = 'cancelled'
                        THEN least(a.decided_at + interval '7 days' + random() * interval '13 days',
                                   %(now)s - interval '1 hour') END,
                   CASE WHEN st.status = 'cancelled' THEN 'The work could not go ahead.' ELSE '' END
            FROM applications_application a
            JOIN projects_project p ON p.id = a.project_id
            JOIN LATERAL (SELECT CASE
                WHEN p.status = 'completed' AND a.id %% 12 = 5 THEN 'cancelled'
                WHEN p.status = 'completed' THEN 'completed'
                WHEN p.status = 'cancelled' THEN 'cancelled'
                WHEN a.id %% 5 = 0 AND a.decided_at > %(now)s - interval '10 days' THEN 'kickoff'
                ELSE 'active' END AS status) AS st ON true
            WHERE a.status = 'accepted'
            """,
        )
        self.sql(
            "hours logged",
            """
            INSERT INTO engagements_hourslog (created_at, updated_at, engagement_id, date, hours, note)
            SELECT at, at, e.id, at::date,
                   greatest(0.5, least(8, round(e.estimated_hours * share / 4 * 2) / 2)), ''
            FROM engagements_engagement e
            JOIN LATERAL (SELECT CASE e.status WHEN 'completed' THEN 0.9 + random() * 0.25
                                 WHEN 'cancelled' THEN 0.4 ELSE 0.5 END AS share) AS s ON true
            CROSS JOIN generate_series(1, 4) AS j
            JOIN LATERAL (SELECT e.started_at + (coalesce(e.completed_at, e.cancelled_at, %(now)s)
                                 - e.started_at) * j / 5 AS at) AS t ON true
            WHERE e.status <> 'kickoff'
            """,
        )
        self.sql(
            "payments",
            """
            INSERT INTO engagements_payment (created_at, updated_at, engagement_id, kind, amount, currency,
                status, due_at, paid_at, reference)
            SELECT ended, %(now)s, e.id, kind, amount, e.currency,
                   CASE WHEN paid IS NOT NULL AND paid <= %(now)s THEN 'paid' ELSE 'pending' END,
                   ended + interval '14 days', CASE WHEN paid <= %(now)s THEN paid END,
                   CASE WHEN paid <= %(now)s THEN 'INV-' || e.id ELSE '' END
            FROM engagements_engagement e
            JOIN LATERAL (SELECT coalesce(e.completed_at, e.cancelled_at) AS ended,
                                 CASE WHEN e.status = 'completed' THEN 'full' ELSE 'pro_rata' END AS kind,
                                 CASE WHEN e.status = 'completed' THEN e.fee ELSE round(e.fee * 0.4, 2) END
                                     AS amount, random() AS r) AS x ON true
            JOIN LATERAL (SELECT CASE
                WHEN x.r < 0.65 THEN x.ended + interval '1 day' + x.r * interval '16 days'
                WHEN x.r < 0.82 THEN x.ended + interval '15 days' + x.r * interval '20 days'
                END AS paid) AS y ON true
            WHERE e.status = 'completed' OR (e.status = 'cancelled' AND e.id %% 2 = 0)
            """,
        )
        self.sql(
            "reviews",
            """
            INSERT INTO engagements_review (created_at, updated_at, engagement_id, side, author_id, rating,
                text)
            SELECT least(e.completed_at + interval '2 days', %(now)s), %(now)s, e.id, side.name,
                   CASE WHEN side.name = 'student' THEN sp.user_id END,
                   CASE WHEN random() < 0.55 THEN 5 WHEN random() < 0.8 THEN 4 ELSE 3 END, ''
            FROM engagements_engagement e
            JOIN students_studentprofile sp ON sp.id = e.student_id
            CROSS JOIN (VALUES ('student'), ('employer')) AS side(name)
            WHERE e.status = 'completed'
              AND ((side.name = 'student' AND e.id %% 10 < 7) OR (side.name = 'employer' AND e.id %% 4 <> 1))
            """,
        )
