"""A term of activity at the demo career office's university, so its reports have something to show.

The rest of the world is spread over two years and six universities; on top of it, the first university
(career@demo.test's) gets the current term's cohort: a few dozen students signing up week after week
(several majors and graduation years, most verified, some with a complete profile, résumé included), and
postings by its partner employers in several fields, published through the term, whose applications,
engagements, hours, payments and reviews the ordinary planning steps produce. Afterwards some payments of
the term are marked paid late, so the reports show both kinds.

The window is the current academic term (`reports.filters.term_containing`), stretched back to at least
TERM_MIN_WEEKS when the term has only just begun, so there is always a term's worth of activity to read.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from accounts.models import Role
from demo import data
from demo.builder.common import DAY, HOUR, ProjectRec, StudentRec, year_label
from engagements.models import PaymentStatus
from projects.models import ProjectStatus, Visibility
from reports.filters import term_containing
from students.models import StudentProfile

TERM_STUDENTS = 48
TERM_MIN_WEEKS = 14
# The majors of the term's cohort: a handful, so each has enough students to compare.
TERM_MAJORS = [
    "Business Administration",
    "Computer Science",
    "Data Science",
    "Economics",
    "Graphic Design",
    "Marketing",
    "Psychology",
]
# The term's postings: status, and the field each is in (every field a report may filter on appears).
TERM_PROJECTS: list[tuple[str, str]] = [
    (ProjectStatus.COMPLETED, "data"),
    (ProjectStatus.COMPLETED, "marketing"),
    (ProjectStatus.COMPLETED, "software"),
    (ProjectStatus.COMPLETED, "design"),
    (ProjectStatus.COMPLETED, "research"),
    (ProjectStatus.COMPLETED, "business"),
    (ProjectStatus.CANCELLED, "writing"),
    (ProjectStatus.CANCELLED, "data"),
    (ProjectStatus.IN_PROGRESS, "finance"),
    (ProjectStatus.IN_PROGRESS, "marketing"),
    (ProjectStatus.OPEN, "software"),
    (ProjectStatus.OPEN, "data"),
    (ProjectStatus.OPEN, "design"),
]
CAREER_UNIVERSITY = 0  # career@demo.test's university, index into data.UNIVERSITIES
# A one-page PDF, the résumé of the term's students with a complete profile.
RESUME_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def term_window_start(today: dt.date) -> dt.date:
    """The first day of the demo's term of activity: the current term's, or earlier if it is still young."""
    return min(term_containing(today).start, today - dt.timedelta(weeks=TERM_MIN_WEEKS))


class TermMixin:
    def plan_term_students(self) -> None:
        """The term's cohort at the career office's university, signing up through the term."""
        self.term_start = dt.datetime.combine(
            term_window_start(self.today), dt.time(9), tzinfo=self.now.tzinfo
        )
        self.term_students: list[StudentRec] = []
        self.term_resumes: list[StudentProfile] = []
        spec = data.UNIVERSITIES[CAREER_UNIVERSITY]
        year = self.today.year
        span = (self.now - 2 * DAY - self.term_start) / TERM_STUDENTS
        for n in range(TERM_STUDENTS):
            joined = self.term_start + span * (n + self.rng.random())
            verified = self.rng.random() < 0.75
            first, last = self.person()
            domain = spec.domains[0] if verified else self.rng.choice(data.PERSONAL_EMAIL_DOMAINS)
            user = self.new_user(
                self.unique_email(f"{first}.{last}", domain), f"{first} {last}", Role.STUDENT, joined
            )
            major = (
                TERM_MAJORS[n % len(TERM_MAJORS)]
                if n < 2 * len(TERM_MAJORS)
                else self.rng.choice(TERM_MAJORS)
            )
            grad = year + self.rng.choice([0, 1, 1, 2, 2, 3])
            hours = self.rng.choice([6, 8, 10, 12, 15])
            skill_ids = self.pick_student_skills(major)
            profile = self.profile(user, CAREER_UNIVERSITY, verified, major, grad, hours, skill_ids)
            if verified and self.rng.random() < 0.6:
                self.term_resumes.append(profile)  # bio, skills and résumé: a complete profile
            rec = StudentRec(
                user, profile, CAREER_UNIVERSITY, verified, skill_ids, major, hours, year_label(grad, year)
            )
            self.students.append(rec)
            self.term_students.append(rec)

    def plan_term_projects(self) -> None:
        """Postings through the term by the university's partners (others when it has too few)."""
        partners = [rec for rec in self.employers if CAREER_UNIVERSITY in rec.partner_universities]
        others = [rec for rec in self.employers if rec not in partners]
        posters = partners + others[: max(0, 3 - len(partners))]
        templates = {}
        for template in data.PROJECT_TEMPLATES:
            templates.setdefault(template.field, []).append(template)
        self.term_projects: list[ProjectRec] = []
        for n, (status, field) in enumerate(TERM_PROJECTS):
            employer = posters[n % len(posters)]
            project_rec = self.project(employer, self.rng.choice(templates[field]), status)
            project_rec.term = True
            if status == ProjectStatus.CANCELLED:
                project_rec.started = n % 2 == 0
            if CAREER_UNIVERSITY in employer.partner_universities and n % 4 == 1:
                project_rec.project.visibility = Visibility.PARTNERS
            self.schedule_in_term(project_rec.project)
            self.term_projects.append(project_rec)

    def schedule_in_term(self, project) -> None:
        """Dates within the term, consistent with the status (as `schedule` gives the wider world's)."""
        rng, S = self.rng, ProjectStatus
        start = self.term_start
        if project.status == S.COMPLETED:
            published = self.between(start + 2 * DAY, max(start + 3 * DAY, self.now - 60 * DAY))
        elif project.status == S.CANCELLED:
            published = self.between(start + 7 * DAY, max(start + 8 * DAY, self.now - 45 * DAY))
        elif project.status == S.IN_PROGRESS:
            published = self.ago(21, 35)
        else:
            published = self.ago(2, 16)
        if project.status == S.OPEN:
            deadline = self.now + dt.timedelta(days=rng.randint(5, 25))
        else:
            deadline = published + rng.randint(10, 14) * DAY
        project.published_at = published
        project.created_at = published - rng.randint(2, 72) * HOUR
        project.application_deadline = deadline.replace(minute=0, second=0)
        project.due_date = (deadline + rng.randint(21, 28) * DAY).date()
        if project.status == S.IN_PROGRESS:
            project.due_date = max(project.due_date, self.today + rng.randint(5, 20) * DAY)
        if project.status == S.COMPLETED:
            project.due_date = min(project.due_date, self.today - 3 * DAY)

    def term_applicant_pool(self, project_rec: ProjectRec, needed: int) -> list[StudentRec]:
        """The term's cohort first; the university's earlier students when too few of it had signed up yet."""
        cohort = [rec for rec in self.term_students if self.may_apply(project_rec, rec)]
        if len(cohort) >= needed:
            return cohort
        ours = [
            rec
            for rec in self.students
            if rec.university_index == CAREER_UNIVERSITY
            and rec not in self.term_students
            and self.may_apply(project_rec, rec)
        ]
        return cohort + ours[: needed - len(cohort)]

    def plan_term_late_payments(self) -> None:
        """Every other payment of the term paid late (after its due date), when that date has passed."""
        term_engagements = {
            id(e) for rec in self.term_projects for e in self.engagements if e.project is rec.project
        }
        paid = [
            p
            for p in self.payments
            if id(p.engagement) in term_engagements and p.status == PaymentStatus.PAID
        ]
        for payment in paid[::2]:
            late = payment.due_at + self.rng.randint(1, 9) * DAY + self.rng.randint(0, 8) * HOUR
            if late < self.now:
                payment.paid_at = late
                payment.reference = f"INV-{late:%Y}-{self.payments.index(payment) + 1:04d}"

    def write_term_resumes(self) -> None:
        """Store the résumés (a small PDF each) in the private storage before the profiles are inserted."""
        for profile in self.term_resumes:
            handle = profile.user.email.split("@")[0].replace(".", "-")
            profile.resume.save(f"{handle}-cv.pdf", ContentFile(RESUME_PDF), save=False)
