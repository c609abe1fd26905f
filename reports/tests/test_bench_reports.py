"""The data of `bench_reports`, seeded small into the test database, and the measuring pass over it.

The command itself seeds a database of its own (like `bench_matching`); here the same seeder writes 200
students and 2,000 applications, which is enough to check that every constraint holds, the counts come out
as asked, and each report page answers the benchmark's career staff.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from applications.models import Application, ApplicationEvent, ApplicationStatus
from employers.models import Employer
from engagements.models import Engagement, EngagementStatus, HoursLog, Payment, PaymentStatus, Review
from projects.models import Project
from reports.management import bench_data
from reports.management.commands.bench_reports import MODES, Command, report_pages
from reports.models import ApplicationRollup, StudentRollup
from students.models import StudentProfile
from universities.models import CareerStaffMembership, University

pytestmark = pytest.mark.django_db

SMALL = bench_data.Sizes(students=200, applications=2_000, employers=20, projects=200)


@pytest.fixture
def bench_seeded() -> bench_data.Sizes:
    bench_data.seed(SMALL, say=lambda message: None)
    return SMALL


def test_it_seeds_the_sizes_asked_for(bench_seeded):
    university = University.objects.get(slug=bench_data.UNIVERSITY_SLUG)
    assert StudentProfile.objects.filter(university=university).count() == 200
    assert StudentProfile.objects.exclude(university=university).count() == 20
    assert Application.objects.count() == 2_000
    assert Employer.objects.count() == 20
    assert Project.objects.count() == 200
    assert bench_data.seed_present() == {"students": 200, "applications": 2_000}
    staff = bench_data.staff_user()
    assert CareerStaffMembership.objects.get(user=staff).university == university


def test_the_seed_is_a_year_of_varied_activity(bench_seeded):
    profiles = StudentProfile.objects.filter(university__slug=bench_data.UNIVERSITY_SLUG)
    assert profiles.values("major").distinct().count() >= 10
    assert profiles.values("graduation_year").distinct().count() >= 5
    assert 0 < profiles.filter(verified_at__isnull=False).count() < 200
    assert profiles.exclude(bio="").exclude(resume="").filter(skills__isnull=False).distinct().exists()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ApplicationStatus}
    assert ApplicationEvent.objects.count() > Application.objects.count()
    assert set(Project.objects.values_list("field", flat=True).distinct()) >= {"data", "software", "design"}
    engagements = Engagement.objects.values("status").annotate(n=Count("pk"))
    assert {row["status"] for row in engagements} >= {EngagementStatus.COMPLETED, EngagementStatus.CANCELLED}
    assert HoursLog.objects.exists()
    assert Payment.objects.filter(status=PaymentStatus.PAID, paid_at__gt=F("due_at")).exists()  # late
    assert Payment.objects.filter(status=PaymentStatus.PAID, paid_at__lte=F("due_at")).exists()  # on time
    assert Review.objects.values("side").distinct().count() == 2


def test_the_seed_keeps_dates_and_counters_consistent(bench_seeded):
    assert not Application.objects.filter(created_at__lt=F("student__user__date_joined")).exists()
    assert not Application.objects.filter(created_at__lt=F("project__published_at")).exists()
    assert not Project.objects.filter(accepted_count__gt=F("openings")).exists()
    accepted = Application.objects.filter(status=ApplicationStatus.ACCEPTED)
    assert Engagement.objects.count() == accepted.count()
    assert not Engagement.objects.filter(
        Q(completed_at__lt=F("started_at")) | Q(cancelled_at__lt=F("created_at"))
    ).exists()
    counted = Project.objects.annotate(n=Count("applications", filter=Q(applications__status="accepted")))
    assert not counted.exclude(accepted_count=F("n")).exists()


def test_every_report_page_answers_the_career_staff_on_the_seed(bench_seeded):
    out = StringIO()
    command = Command(stdout=out)
    timings = command.measure(runs=2, warmup=1)
    labels = [t.label for t in timings]
    assert labels == ["bare view (/healthz)", *[page.label for page in report_pages()]]
    assert all(t.status == 200 for t in timings), out.getvalue()
    assert all(len(t.timings) == 2 for t in timings)
    assert all(t.queries > 0 and t.slowest_query for t in timings[1:])  # the pages' queries were counted
    assert "p95/bare" in out.getvalue() and "Load average" in out.getvalue()
    command.explain(timings[1:2])
    assert "Execution Time" in out.getvalue()


def test_the_comparison_times_the_pages_live_and_from_the_rollups(bench_seeded, settings):
    out = StringIO()
    command = Command(stdout=out)
    command.build_rollups()
    assert "Rollups rebuilt in full" in out.getvalue()
    assert StudentRollup.objects.count() == 220 and ApplicationRollup.objects.count() == 2_000
    settings.REPORTS_ROLLUPS = False
    live = command.measure(runs=1, warmup=0)
    settings.REPORTS_ROLLUPS = True
    rolled_up = command.measure(runs=1, warmup=0)
    settings.REPORTS_DAILY_ROLLUPS = False
    rows_only = command.measure(runs=1, warmup=0)
    command.print_comparison(MODES["compare"], live, rolled_up)
    command.print_comparison(MODES["compare_daily"], rows_only, rolled_up)
    assert all(t.status == 200 for t in [*rolled_up, *rows_only])
    assert "p95 before/after" in out.getvalue()
    assert (
        "From the per-row rollups alone (before) and From the rollups and their daily sums" in out.getvalue()
    )
    command.build_rollups()
    assert "Rollups refreshed" in out.getvalue()


def test_the_command_refuses_nonsense_sizes():
    with pytest.raises(CommandError):
        call_command("bench_reports", "--students", "0", stdout=StringIO())
