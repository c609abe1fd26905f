"""The builder itself: its state and random helpers, the planning order, and the bulk write."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Application, ApplicationEvent
from demo import data
from demo.builder.applications import ApplicationsMixin
from demo.builder.common import (
    BATCH,
    TIMESTAMPED_MODELS,
    EmployerRec,
    ProjectRec,
    StudentRec,
    explicit_created_at,
)
from demo.builder.courses import CoursesMixin
from demo.builder.credit import CreditMixin
from demo.builder.engagements import EngagementsMixin
from demo.builder.notifications import demo_notifications_write
from demo.builder.people import PeopleMixin
from demo.builder.projects import ProjectsMixin
from demo.builder.talent import TalentMixin
from demo.builder.term import TermMixin
from employers.models import Employer, EmployerMember
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    HoursLog,
    Message,
    Milestone,
    Payment,
    Review,
)
from projects.models import (
    Project,
    Report,
    SavedProject,
    Skill,
)
from students.models import StudentProfile
from universities.models import (
    CareerStaffMembership,
    Partnership,
    University,
    UniversityDomain,
)


class DemoBuilder(
    PeopleMixin,
    TermMixin,
    ProjectsMixin,
    ApplicationsMixin,
    EngagementsMixin,
    CoursesMixin,
    CreditMixin,
    TalentMixin,
):
    def __init__(self, *, scale: float = 1.0, now: dt.datetime | None = None) -> None:
        self.scale = scale
        self.rng = random.Random(data.SEED)
        self._uuid_rng = random.Random(data.SEED + 1)
        self.now = (now or timezone.now()).replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        self.n_employers = max(4, min(len(data.EMPLOYERS), round(40 * scale)))
        self.n_students = max(40, round(1000 * scale))
        self.n_projects = max(24, round(300 * scale))

        self.users: list[User] = []
        self.universities: list[University] = []
        self.domains: list[UniversityDomain] = []
        self.career_staff: list[list[User]] = []
        self.memberships: list[CareerStaffMembership] = []
        self.employers: list[EmployerRec] = []
        self.employer_members: list[EmployerMember] = []
        self.partnerships: list[Partnership] = []
        self.students: list[StudentRec] = []
        self.projects: list[ProjectRec] = []
        self.applications: list[Application] = []
        self.events: list[ApplicationEvent] = []
        self.engagements: list[Engagement] = []
        self.milestones: list[Milestone] = []
        self.submissions: list[DeliverableSubmission] = []
        self.messages: list[Message] = []
        self.hours_logs: list[HoursLog] = []
        self.payments: list[Payment] = []
        self.reviews: list[Review] = []
        self.review_skills: list[tuple[Review, list[int]]] = []
        self.saved: list[SavedProject] = []
        self.reports: list[Report] = []
        self.emails_taken: set[str] = set()
        self.demo_users: dict[str, User] = {}

    # ------------------------------------------------------------------ helpers
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self._uuid_rng.getrandbits(128), version=4)

    def ago(self, low_days: float, high_days: float) -> dt.datetime:
        return self.now - dt.timedelta(seconds=int(self.rng.uniform(low_days, high_days) * 86400))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A random moment in [start, end], never after now (start when the window is empty)."""
        end = min(end, self.now)
        if end <= start:
            return min(start, self.now)
        return start + dt.timedelta(seconds=self.rng.randint(0, int((end - start).total_seconds())))

    def unique_email(self, local: str, domain: str) -> str:
        local = "".join(ch for ch in local.lower().replace(" ", "") if ch.isalnum() or ch in ".-")
        email, n = f"{local}@{domain}", 1
        while email in self.emails_taken:
            n += 1
            email = f"{local}{n}@{domain}"
        self.emails_taken.add(email)
        return email

    def person(self) -> tuple[str, str]:
        return self.rng.choice(data.FIRST_NAMES), self.rng.choice(data.LAST_NAMES)

    def new_user(self, email: str, full_name: str, role: str, joined: dt.datetime, **extra) -> User:
        user = User(
            email=email,
            full_name=full_name,
            role=role,
            password=self.password_hash,
            date_joined=joined,
            **extra,
        )
        self.users.append(user)
        return user

    # ------------------------------------------------------------------ the world
    def build(self) -> None:
        self.plan()
        self.write()

    def plan(self) -> None:
        """Compute the whole world in memory (reads the skills and existing accounts, writes nothing)."""
        self.password_hash = make_password(data.DEMO_PASSWORD)
        self.skills = {s.name: s for s in Skill.objects.all()}
        self.skills_by_category: dict[str, list[int]] = defaultdict(list)
        for skill in sorted(self.skills.values(), key=lambda s: s.name):
            self.skills_by_category[skill.category].append(skill.pk)
        self.skill_names = {s.pk: s.name for s in self.skills.values()}

        self.emails_taken = set(User.objects.values_list("email", flat=True))
        self.plan_demo_accounts()
        self.plan_universities()
        self.plan_employers()
        self.plan_partnerships()
        self.plan_students()
        self.plan_term_students()
        self.plan_projects()
        self.plan_term_projects()
        self.plan_applications()
        self.plan_term_late_payments()
        self.plan_saved_and_reports()
        self.plan_courses()
        self.plan_credit()
        self.plan_talent()

    # ------------------------------------------------------------------ writing
    def write(self) -> None:
        with transaction.atomic(), explicit_created_at(TIMESTAMPED_MODELS):
            User.objects.bulk_create(self.users, batch_size=BATCH)
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in self.users],
                batch_size=BATCH,
            )
            University.objects.bulk_create(self.universities)
            UniversityDomain.objects.bulk_create(self.domains)
            staff_users = [m.user for m in self.memberships]
            # career@demo.test, if an earlier version of this command made it, belongs to no university yet;
            # should anyone have attached it elsewhere, it moves to the first demo university.
            CareerStaffMembership.objects.filter(
                user__email__in=[a.email for a in data.DEMO_ACCOUNTS]
            ).delete()
            CareerStaffMembership.objects.bulk_create(self.memberships)
            group = Group.objects.filter(name=data.CAREER_OFFICE_GROUP).first()
            if group is not None:
                group.user_set.add(*staff_users)
            Employer.objects.bulk_create([rec.employer for rec in self.employers])
            EmployerMember.objects.bulk_create(self.employer_members, batch_size=BATCH)
            Partnership.objects.bulk_create(self.partnerships)

            profiles = [rec.profile for rec in self.students]
            existing = [p for p in profiles if not p._state.adding]  # demo profiles made before: update
            self.write_term_resumes()
            StudentProfile.objects.bulk_create([p for p in profiles if p._state.adding], batch_size=BATCH)
            StudentSkill = StudentProfile.skills.through
            for profile in existing:
                profile.save()
                StudentSkill.objects.filter(studentprofile=profile).delete()
            StudentSkill.objects.bulk_create(
                [
                    StudentSkill(studentprofile=rec.profile, skill_id=s)
                    for rec in self.students
                    for s in rec.skill_ids
                ],
                batch_size=BATCH * 5,
            )

            Project.objects.bulk_create([rec.project for rec in self.projects], batch_size=BATCH)
            Required = Project.required_skills.through
            Nice = Project.nice_to_have_skills.through
            Required.objects.bulk_create(
                [Required(project=rec.project, skill_id=s) for rec in self.projects for s in rec.required_ids]
            )
            Nice.objects.bulk_create(
                [Nice(project=rec.project, skill_id=s) for rec in self.projects for s in rec.nice_ids]
            )
            SavedProject.objects.bulk_create(self.saved, batch_size=BATCH)
            Report.objects.bulk_create(self.reports)

            Application.objects.bulk_create(self.applications, batch_size=BATCH)
            ApplicationEvent.objects.bulk_create(self.events, batch_size=BATCH)
            Engagement.objects.bulk_create(self.engagements, batch_size=BATCH)
            Milestone.objects.bulk_create(self.milestones, batch_size=BATCH)
            DeliverableSubmission.objects.bulk_create(self.submissions, batch_size=BATCH)
            Message.objects.bulk_create(self.messages, batch_size=BATCH)
            HoursLog.objects.bulk_create(self.hours_logs, batch_size=BATCH)
            Payment.objects.bulk_create(self.payments, batch_size=BATCH)
            Review.objects.bulk_create(self.reviews, batch_size=BATCH)
            ReviewSkill = Review.skills_demonstrated.through
            ReviewSkill.objects.bulk_create(
                [ReviewSkill(review=review, skill_id=s) for review, ids in self.review_skills for s in ids]
            )
            self.write_courses()
            self.write_credit()
            self.write_talent()
            demo_notifications_write(demo_users=self.demo_users)
