"""Build the demo world in memory, consistent by construction, then write it with a few bulk inserts.

No services run and no signals fire: the builder computes the state the services would have produced
(statuses, timestamps, counters, timeline events) and inserts it table by table. A fixed random seed makes
the data the same on every fresh database; dates are relative to the moment of seeding.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Role, User
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
    Review,
    ReviewSide,
    SubmissionStatus,
)
from employers.models import Employer, EmployerMember, MemberRole
from marketplace.demo import data
from projects.models import (
    CloseReason,
    LocationType,
    Project,
    ProjectStatus,
    Report,
    ReportReason,
    ReportStatus,
    SavedProject,
    Skill,
    SkillCategory,
    Visibility,
)
from students.models import StudentProfile
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipSide,
    PartnershipStatus,
    University,
    UniversityDomain,
)

BATCH = 1000
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)

# The models whose created_at the builder sets itself, so timelines read naturally (see explicit_created_at).
TIMESTAMPED_MODELS: list[type[models.Model]] = [
    University,
    CareerStaffMembership,
    Partnership,
    Employer,
    EmployerMember,
    StudentProfile,
    Project,
    SavedProject,
    Report,
    Application,
    ApplicationEvent,
    Engagement,
    Milestone,
    DeliverableSubmission,
    Message,
    HoursLog,
    Payment,
    Review,
]


def demo_data_present() -> bool:
    """The marker of a seeded database: the first demo university exists."""
    return University.objects.filter(slug=data.UNIVERSITIES[0].slug).exists()


@contextlib.contextmanager
def explicit_created_at(model_classes: Sequence[type[models.Model]]) -> Iterator[None]:
    """Let bulk_create keep the created_at values the builder chose instead of stamping "now".

    `auto_now_add` is switched off on those fields for the duration and restored afterwards; a row without
    a value then fails loudly on the NOT NULL column rather than silently getting the wrong time.
    """
    fields = [model._meta.get_field("created_at") for model in model_classes]
    previous = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, previous, strict=True):
            f.auto_now_add = value


class Spread:
    """Draws weighted random choices, but the first draws go once through every option (in random order),
    so each option appears at least once however few draws are made."""

    def __init__(self, rng: random.Random, weights: dict[str, int]) -> None:
        self.rng = rng
        self.options = list(weights)
        self.weights = list(weights.values())
        self.pending = list(weights)
        rng.shuffle(self.pending)

    def draw(self) -> str:
        if self.pending:
            return self.pending.pop()
        return self.rng.choices(self.options, self.weights)[0]


@dataclass(eq=False)
class EmployerRec:
    spec: data.EmployerSpec
    employer: Employer
    currency: str
    members: list[User] = field(default_factory=list)
    partner_universities: set[int] = field(default_factory=set)  # indexes of active partnerships

    @property
    def owner(self) -> User:
        return self.members[0]


@dataclass(eq=False)
class StudentRec:
    user: User
    profile: StudentProfile
    university_index: int | None
    verified: bool
    skill_ids: list[int]
    major: str
    hours: int
    year_label: str


@dataclass(eq=False)
class ProjectRec:
    project: Project
    template: data.ProjectTemplate
    employer: EmployerRec
    required_ids: list[int]
    nice_ids: list[int]
    started: bool = False  # a cancelled project on which work had begun


@dataclass
class ForcedApplication:
    """An application the demo accounts must have, with its outcome."""

    student: StudentRec
    status: str
    engagement_status: str | None = None


def money(value: float | Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# First words of skill names that stay capitalised mid-sentence ("experience with Google Analytics").
PROPER_WORDS = {
    "Adobe", "Angular", "Arabic", "Canva", "Django", "Docker", "Excel", "Figma", "Flutter", "French",
    "German", "Git", "Go", "Google", "Hindi", "Japanese", "Java", "JavaScript", "Jupyter", "Kubernetes",
    "Looker", "Mandarin", "Portuguese", "Power", "Python", "React", "Ruby", "Spanish", "Swift", "Tableau",
    "TypeScript", "WordPress",
}  # fmt: skip


def skill_phrase(name: str) -> str:
    """A skill name as it reads inside a sentence: "data analysis", but "Python" and "SQL"."""
    first = name.split(" ")[0]
    if name[1:2].islower() and first not in PROPER_WORDS:
        return name[0].lower() + name[1:]
    return name


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def about_employer(spec: data.EmployerSpec) -> str:
    return f"{spec.name} is {with_article(spec.industry)} based in {spec.city}. {spec.about}"


def year_label(graduation_year: int, this_year: int) -> str:
    return {0: "final-year", 1: "third-year", 2: "second-year"}.get(graduation_year - this_year, "first-year")


class DemoBuilder:
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
        self.plan_projects()
        self.plan_applications()
        self.plan_saved_and_reports()

    def plan_demo_accounts(self) -> None:
        existing = {u.email: u for u in User.objects.filter(email__in=[a.email for a in data.DEMO_ACCOUNTS])}
        for account in data.DEMO_ACCOUNTS:
            self.emails_taken.add(account.email)
            user = existing.get(account.email)
            if user is None:
                user = self.new_user(
                    account.email,
                    account.full_name,
                    account.role,
                    self.ago(700, 720),
                    is_staff=account.is_staff,
                    is_superuser=account.is_superuser,
                )
            self.demo_users[account.email] = user

    def plan_universities(self) -> None:
        for index, spec in enumerate(data.UNIVERSITIES):
            university = University(
                name=spec.name,
                slug=spec.slug,
                website=f"https://www.{spec.domains[0]}",
                country=spec.country,
                created_at=self.ago(700, 730),
            )
            self.universities.append(university)
            self.domains += [UniversityDomain(university=university, domain=d) for d in spec.domains]
            staff: list[User] = []
            if index == 0:
                staff.append(self.demo_users["career@demo.test"])
            for _ in range(self.rng.randint(1, 2) - len(staff)):
                first, last = self.person()
                email = self.unique_email(f"{first}.{last}", spec.domains[0])
                staff.append(
                    self.new_user(
                        email, f"{first} {last}", Role.CAREER_STAFF, self.ago(500, 700), is_staff=True
                    )
                )
            self.career_staff.append(staff)
            self.memberships += [
                CareerStaffMembership(user=user, university=university, created_at=user.date_joined + DAY)
                for user in staff
            ]

    def plan_employers(self) -> None:
        for index, spec in enumerate(data.EMPLOYERS[: self.n_employers]):
            created = self.ago(380, 650)
            employer = Employer(
                public_id=self.uuid(),
                name=spec.name,
                slug=spec.domain.split(".")[0],
                description=about_employer(spec),
                website=f"https://www.{spec.domain}",
                is_verified=index < 2 or self.rng.random() < 0.8,
                created_at=created,
            )
            rec = EmployerRec(spec, employer, data.CURRENCY_BY_COUNTRY[spec.country])
            size = self.rng.choices([1, 2, 3], [45, 35, 20])[0]
            demo_owner = {0: "employer@demo.test", 1: "employer2@demo.test"}.get(index)
            if demo_owner:
                rec.members.append(self.demo_users[demo_owner])
            if index == 0:
                size = max(size, 2)  # the demo employer has a teammate
            for _ in range(size - len(rec.members)):
                first, last = self.person()
                email = self.unique_email(f"{first}.{last}", spec.domain)
                rec.members.append(
                    self.new_user(
                        email, f"{first} {last}", Role.EMPLOYER, created + self.rng.randint(0, 30) * DAY
                    )
                )
            self.employer_members += [
                EmployerMember(
                    employer=employer,
                    user=user,
                    role=MemberRole.OWNER if position == 0 else MemberRole.MEMBER,
                    created_at=max(created, user.date_joined),
                )
                for position, user in enumerate(rec.members)
            ]
            self.employers.append(rec)

    def plan_partnerships(self) -> None:
        statuses = Spread(
            self.rng,
            {
                PartnershipStatus.ACTIVE: 50,
                PartnershipStatus.REQUESTED: 20,
                PartnershipStatus.DECLINED: 14,
                PartnershipStatus.ENDED: 16,
            },
        )
        # Fixed pairs the demo accounts rely on: Brightlane partners with Northfield; two employers wait for
        # career@demo.test to answer (one asked, the other was invited by the career office).
        fixed = {
            (0, 0): (PartnershipStatus.ACTIVE, PartnershipSide.UNIVERSITY),
            (1, 1): (PartnershipStatus.ACTIVE, PartnershipSide.EMPLOYER),
            (2, 0): (PartnershipStatus.REQUESTED, PartnershipSide.EMPLOYER),
            (3, 0): (PartnershipStatus.REQUESTED, PartnershipSide.UNIVERSITY),
        }
        for e_index, rec in enumerate(self.employers):
            same_country = [i for i, u in enumerate(data.UNIVERSITIES) if u.country == rec.spec.country]
            others = [i for i in range(len(data.UNIVERSITIES)) if i not in same_country]
            pool = same_country * 3 + others
            extra = self.rng.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]
            chosen = [u for (e, u) in fixed if e == e_index]
            while extra > 0 and len(chosen) < len(data.UNIVERSITIES):
                u = self.rng.choice(pool)
                if u not in chosen:
                    chosen.append(u)
                    extra -= 1
            for u_index in chosen:
                status, side = fixed.get((e_index, u_index), (None, None))
                status = status or statuses.draw()
                side = side or self.rng.choice([PartnershipSide.EMPLOYER, PartnershipSide.UNIVERSITY])
                self.partnerships.append(self.partnership(rec, u_index, status, side))
                if status == PartnershipStatus.ACTIVE:
                    rec.partner_universities.add(u_index)

    def partnership(self, rec: EmployerRec, u_index: int, status: str, side: str) -> Partnership:
        staff = self.rng.choice(self.career_staff[u_index])
        requested = self.ago(20, 360) if status == PartnershipStatus.REQUESTED else self.ago(120, 360)
        partnership = Partnership(
            employer=rec.employer,
            university=self.universities[u_index],
            status=status,
            requested_by_side=side,
            requested_by=rec.owner if side == PartnershipSide.EMPLOYER else staff,
            message=(
                f"We'd like to offer paid micro-internships to {data.UNIVERSITIES[u_index].name} students."
                if side == PartnershipSide.EMPLOYER
                else f"Our students would love to work with {rec.spec.name}; would you like to partner?"
            ),
            created_at=requested,
        )
        if status != PartnershipStatus.REQUESTED:
            partnership.decided_by = staff if side == PartnershipSide.EMPLOYER else rec.owner
            partnership.decided_at = self.between(requested + DAY, requested + 10 * DAY)
        if status == PartnershipStatus.ENDED:
            partnership.ended_by = self.rng.choice([staff, rec.owner])
            partnership.ended_at = self.between(partnership.decided_at + 30 * DAY, self.now - DAY)
        return partnership

    def plan_students(self) -> None:
        weights = [u.weight for u in data.UNIVERSITIES]
        majors = sorted(data.MAJORS)
        year = self.today.year
        demo_specs = {
            "student@demo.test": (
                0,
                "Economics",
                year + 1,
                12,
                [
                    "Python",
                    "SQL",
                    "Data analysis",
                    "Data visualisation",
                    "Excel",
                    "Survey design",
                    "Market research",
                ],
            ),
            "student2@demo.test": (
                1,
                "Marketing",
                year + 2,
                10,
                ["Social media marketing", "Copywriting", "Canva", "Email marketing", "Content marketing"],
            ),
        }
        # Demo accounts made by an earlier version of this command may already have a profile: update it.
        self.existing_profiles = {
            p.user_id: p
            for p in StudentProfile.objects.filter(user__in=[u for u in self.demo_users.values() if u.pk])
        }
        for email, (u_index, major, grad, hours, skill_names) in demo_specs.items():
            user = self.demo_users[email]
            skill_ids = [self.skills[name].pk for name in skill_names]
            profile = self.profile(user, u_index, True, major, grad, hours, skill_ids)
            # Verified by hand by their career office: demo.test is not a university domain.
            profile.verified_by = self.career_staff[u_index][0]
            profile.portfolio_public = True
            existing = self.existing_profiles.get(user.pk)
            if existing is not None:
                profile.pk, profile.public_id = existing.pk, existing.public_id
                profile._state.adding = False
            self.students.append(
                StudentRec(user, profile, u_index, True, skill_ids, major, hours, year_label(grad, year))
            )

        for _ in range(self.n_students - len(self.students)):
            u_index = self.rng.choices(range(len(data.UNIVERSITIES)), weights)[0]
            verified = self.rng.random() < 0.85
            first, last = self.person()
            if verified:
                domain = data.UNIVERSITIES[u_index].domains[0]
            else:
                domain = self.rng.choice(data.PERSONAL_EMAIL_DOMAINS)
                # Half of the unverified claim a university the career office has yet to confirm.
                u_index = u_index if self.rng.random() < 0.5 else None
            email = self.unique_email(f"{first}.{last}", domain)
            user = self.new_user(email, f"{first} {last}", Role.STUDENT, self.ago(5, 690))
            major = self.rng.choice(majors)
            hours = self.rng.randint(5, 25)
            skill_ids = self.pick_student_skills(major)
            grad = self.rng.randint(year, year + 4)
            profile = self.profile(user, u_index, verified, major, grad, hours, skill_ids)
            self.students.append(
                StudentRec(user, profile, u_index, verified, skill_ids, major, hours, year_label(grad, year))
            )

    def pick_student_skills(self, major: str) -> list[int]:
        categories = data.MAJORS[major]
        count = self.rng.randint(3, 8)
        chosen: list[int] = []
        while len(chosen) < count:
            category = (
                self.rng.choice(categories)
                if self.rng.random() < 0.8
                else self.rng.choice([c.value for c in SkillCategory])
            )
            skill_id = self.rng.choice(self.skills_by_category[category])
            if skill_id not in chosen:
                chosen.append(skill_id)
        return chosen

    def profile(
        self,
        user: User,
        u_index: int | None,
        verified: bool,
        major: str,
        grad: int,
        hours: int,
        skill_ids: list[int],
    ) -> StudentProfile:
        spec = data.UNIVERSITIES[u_index] if u_index is not None else None
        interest = self.rng.choice(data.INTERESTS)
        names = [skill_phrase(self.skill_names[s]) for s in skill_ids]
        context = {
            "year_label": year_label(grad, self.today.year),
            "major": major,
            "university": spec.name if spec else "university",
            "grad_year": grad,
            "skill_a": names[0],
            "skill_b": names[1],
            "interest": interest,
            "hours": hours,
        }
        bio = " ".join(
            part[0].upper() + part[1:]
            for part in (
                self.rng.choice(data.BIO_OPENINGS).format(**context),
                self.rng.choice(data.BIO_MIDDLES).format(**context),
                self.rng.choice(data.BIO_CLOSINGS).format(**context),
            )
            if part
        )
        handle = user.email.split("@")[0].replace(".", "-")
        links = []
        if self.rng.random() < 0.5:
            links.append(f"https://www.linkedin.com/in/{handle}")
        if self.rng.random() < 0.3:
            links.append(f"https://github.com/{handle}")
        joined = user.date_joined
        return StudentProfile(
            public_id=self.uuid(),
            user=user,
            university=self.universities[u_index] if u_index is not None else None,
            verified_at=self.between(joined, joined + 3 * DAY) if verified else None,
            major=major,
            graduation_year=grad,
            interests=sorted({interest, *self.rng.sample(data.INTERESTS, self.rng.randint(0, 2))}),
            weekly_hours_available=hours,
            time_zone=self.rng.choice(spec.time_zones)
            if spec
            else self.rng.choice(["UTC", "America/New_York"]),
            bio=bio,
            links=links,
            portfolio_public=self.rng.random() < 0.3,
            created_at=joined,
        )

    # ------------------------------------------------------------------ projects
    def plan_projects(self) -> None:
        S = ProjectStatus
        by_key = {t.key: t for t in data.PROJECT_TEMPLATES}
        # The demo employers' postings: every status, so both dashboards show the whole life cycle.
        self.fixed_projects: dict[str, ProjectRec] = {}
        fixed_plan = [
            (0, "open_a", "survey_analysis", S.OPEN, {}),
            (0, "open_b", "data_cleaning_dashboard", S.OPEN, {}),
            (0, "open_partners", "sql_analysis", S.OPEN, {"visibility": Visibility.PARTNERS}),
            (0, "in_progress", "market_research_brief", S.IN_PROGRESS, {"openings": 2}),
            (0, "in_progress_b", "competitor_campaign_review", S.IN_PROGRESS, {}),
            (0, "completed", "data_cleaning_dashboard", S.COMPLETED, {}),
            (0, "completed_b", "forecasting_model", S.COMPLETED, {}),
            (0, "cancelled", "user_interviews", S.CANCELLED, {}),
            (0, "draft", "policy_literature_review", S.DRAFT, {}),
            (1, "e2_open", "social_media_plan", S.OPEN, {"openings": 2}),
            (1, "e2_open_b", "blog_series", S.OPEN, {}),
            (1, "e2_in_progress", "email_campaign", S.IN_PROGRESS, {}),
            (1, "e2_completed", "brand_refresh", S.COMPLETED, {}),
            (1, "e2_draft", "case_studies", S.DRAFT, {}),
        ]
        for e_index, key, template_key, status, overrides in fixed_plan:
            rec = self.project(self.employers[e_index], by_key[template_key], status, **overrides)
            self.fixed_projects[key] = rec
        # A cancelled project on which work had started, for the pro-rata payment path.
        self.fixed_projects["cancelled"].started = True

        statuses = Spread(
            self.rng, {S.DRAFT: 8, S.OPEN: 38, S.IN_PROGRESS: 20, S.COMPLETED: 26, S.CANCELLED: 8}
        )
        all_fields = [c.value for c in SkillCategory]
        fields_first = self.rng.sample(all_fields, len(all_fields))  # every field at least once
        templates_by_field = defaultdict(list)
        for template in data.PROJECT_TEMPLATES:
            templates_by_field[template.field].append(template)
        activity = [self.rng.choice([1, 2, 3, 5, 8]) for _ in self.employers]
        for _ in range(self.n_projects - len(self.projects)):
            field_name = fields_first.pop() if fields_first else None
            if field_name is None:
                rec = self.rng.choices(self.employers, activity)[0]
                field_name = self.rng.choice(
                    rec.spec.fields if self.rng.random() < 0.85 else [f for f in all_fields if f != "other"]
                )
            else:
                candidates = [r for r in self.employers if field_name in r.spec.fields] or self.employers
                rec = self.rng.choice(candidates)
            template = self.rng.choice(templates_by_field[field_name])
            status = statuses.draw()
            overrides = {}
            if rec.partner_universities and self.rng.random() < 0.2:
                overrides["visibility"] = Visibility.PARTNERS
            project_rec = self.project(rec, template, status, **overrides)
            if status == S.CANCELLED and self.rng.random() < 0.4:
                project_rec.started = True

    def project(
        self, rec: EmployerRec, template: data.ProjectTemplate, status: str, **overrides
    ) -> ProjectRec:
        rng = self.rng
        spec = rec.spec
        topic = rng.choice(template.topics)
        location_type = rng.choices(
            [LocationType.REMOTE, LocationType.HYBRID, LocationType.ONSITE], [75, 15, 10]
        )[0]
        location_text = {
            LocationType.REMOTE: "fully remote",
            LocationType.HYBRID: f"remote with an optional visit to our {spec.city} office",
            LocationType.ONSITE: f"on site at our {spec.city} office",
        }[location_type]
        context = {
            "topic": topic,
            "employer": spec.name,
            "industry": spec.industry,
            "location": location_text,
        }

        def fill(text: str) -> str:
            text = text.format(**context)
            return text[0].upper() + text[1:]

        tasks = "\n".join(f"- {task}" for task in template.tasks)
        description = "\n\n".join(
            [
                fill(template.goal),
                f"What you'll do:\n{tasks}",
                f"About us: {about_employer(spec)}",
                fill(rng.choice(data.DESCRIPTION_CLOSINGS)),
            ]
        )
        hours = max(5, min(40, rng.randint(*template.hours)))
        rate = rng.choice([15, 18, 20, 22, 25, 28, 30, 35])
        fee = Decimal(math.ceil(hours * rate / 10) * 10)
        required = self.skill_ids(template.required)
        nice_pool = [s for s in self.skill_ids(template.nice) if s not in required]
        nice = rng.sample(nice_pool, min(len(nice_pool), rng.randint(1, 3)))

        project = Project(
            public_id=self.uuid(),
            employer=rec.employer,
            created_by=rng.choice(rec.members),
            title=fill(rng.choice(template.titles)),
            summary=fill(template.summary),
            description=description,
            deliverables=list(template.deliverables),
            field=template.field,
            estimated_hours=hours,
            fee=fee,
            currency=rec.currency,
            location_type=location_type,
            location="" if location_type == LocationType.REMOTE else spec.city,
            openings=overrides.get("openings") or rng.choices([1, 2, 3, 4], [62, 24, 10, 4])[0],
            screening_questions=list(template.questions) if rng.random() < 0.7 else [],
            visibility=overrides.get("visibility", Visibility.PUBLIC),
            status=status,
        )
        self.schedule(project)
        project_rec = ProjectRec(project, template, rec, required, nice)
        self.projects.append(project_rec)
        return project_rec

    def skill_ids(self, names: Sequence[str]) -> list[int]:
        return [self.skills[name].pk for name in names]

    def schedule(self, project: Project) -> None:
        """Dates consistent with the status: open ones take applications until a future deadline."""
        rng, S = self.rng, ProjectStatus
        status = project.status
        if status == S.DRAFT:
            project.created_at = self.ago(0.5, 10)
            if rng.random() < 0.7:
                project.application_deadline = self.now + dt.timedelta(days=rng.randint(14, 35))
                project.due_date = (project.application_deadline + rng.randint(21, 42) * DAY).date()
            return
        if status == S.OPEN:
            published = self.ago(1, 21)
            deadline = self.now + dt.timedelta(days=rng.randint(3, 28), hours=rng.randint(0, 23))
        elif status == S.IN_PROGRESS:
            published = self.ago(18, 45)
            deadline = published + rng.randint(10, 21) * DAY
        elif status == S.COMPLETED:
            published = self.ago(60, 300)
            deadline = published + rng.randint(10, 21) * DAY
        else:  # cancelled
            published = self.ago(30, 120)
            deadline = published + rng.randint(10, 21) * DAY
        project.published_at = published
        project.created_at = published - dt.timedelta(hours=rng.randint(2, 120))
        project.application_deadline = deadline.replace(minute=0, second=0)
        project.due_date = (deadline + rng.randint(21, 42) * DAY).date()
        if status == S.IN_PROGRESS:
            project.due_date = max(project.due_date, self.today + rng.randint(5, 30) * DAY)
        if status == S.COMPLETED:
            project.due_date = min(project.due_date, self.today - 3 * DAY)

    # ------------------------------------------------------------------ applications
    def plan_applications(self) -> None:
        S, A = ProjectStatus, ApplicationStatus
        student_by_email = {rec.user.email: rec for rec in self.students}
        ada, grace = student_by_email["student@demo.test"], student_by_email["student2@demo.test"]
        fp = self.fixed_projects
        forced: dict[int, list[ForcedApplication]] = defaultdict(list)
        for key, student, status, engagement_status in [
            ("open_a", ada, A.SUBMITTED, None),
            ("open_partners", ada, A.SHORTLISTED, None),
            ("in_progress", ada, A.ACCEPTED, EngagementStatus.ACTIVE),
            ("completed", ada, A.ACCEPTED, EngagementStatus.COMPLETED),
            ("completed_b", ada, A.REJECTED, None),
            ("open_a", grace, A.SUBMITTED, None),
            ("e2_open", grace, A.ACCEPTED, EngagementStatus.KICKOFF),
            ("e2_open_b", grace, A.WITHDRAWN, None),
            ("e2_completed", grace, A.ACCEPTED, EngagementStatus.COMPLETED),
        ]:
            forced[id(fp[key])].append(ForcedApplication(student, status, engagement_status))

        self.by_skill: dict[int, list[StudentRec]] = defaultdict(list)
        for rec in self.students:
            for skill_id in rec.skill_ids:
                self.by_skill[skill_id].append(rec)
        self.live_engagement_states = Spread(
            self.rng, {EngagementStatus.KICKOFF: 30, EngagementStatus.ACTIVE: 70}
        )
        self.review_sides = Spread(self.rng, {"both": 45, "student": 15, "employer": 20, "none": 20})
        self.payment_states = Spread(self.rng, {PaymentStatus.PAID: 65, PaymentStatus.PENDING: 35})

        for project_rec in self.projects:
            if project_rec.project.status != S.DRAFT:
                self.plan_project_applications(project_rec, forced.get(id(project_rec), []))

    @staticmethod
    def may_apply(project_rec: ProjectRec, rec: StudentRec) -> bool:
        """Students who had signed up by then; for partners-only projects, verified students of partner
        universities. The demo students' applications are planned explicitly."""
        if rec.user.email.endswith("@demo.test") or rec.user.date_joined > project_rec.project.published_at:
            return False
        if project_rec.project.visibility == Visibility.PARTNERS:
            return rec.verified and rec.university_index in project_rec.employer.partner_universities
        return True

    def applicant_pool(self, project_rec: ProjectRec, needed: int) -> list[StudentRec]:
        """Students with a matching skill first; others who may apply when those are too few."""
        seen: dict[int, StudentRec] = {}
        for skill_id in project_rec.required_ids + project_rec.nice_ids:
            for rec in self.by_skill[skill_id]:
                if self.may_apply(project_rec, rec):
                    seen[id(rec)] = rec
        if len(seen) < needed:
            for rec in self.students:
                if len(seen) >= needed:
                    break
                if id(rec) not in seen and self.may_apply(project_rec, rec):
                    seen[id(rec)] = rec
        return list(seen.values())

    def plan_project_applications(self, project_rec: ProjectRec, forced: list[ForcedApplication]) -> None:
        rng, S, A = self.rng, ProjectStatus, ApplicationStatus
        project = project_rec.project
        status = project.status
        forced_accepted = sum(f.status == A.ACCEPTED for f in forced)

        # How many get accepted (an open project always keeps an opening), and how many apply.
        if status == S.OPEN:
            accepted = min(rng.choice([0, 0, 1, 2]), project.openings - 1)
            applicants = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12])
        elif status == S.IN_PROGRESS:
            accepted = rng.randint(1, project.openings)
            applicants = rng.randint(3, 14)
        elif status == S.COMPLETED:
            accepted = rng.randint(1, project.openings)
            applicants = rng.randint(3, 12)
        else:
            accepted = 1 if project_rec.started else 0
            applicants = rng.randint(0, 6)
        accepted = max(accepted, forced_accepted)
        assert accepted <= project.openings, f"{project}: more accepted than openings"
        applicants = max(applicants, accepted, len(forced))
        pool = self.applicant_pool(project_rec, applicants - len(forced))
        accepted = min(accepted, forced_accepted + len(pool))  # a partners-only project may find few

        # Applications stopped at the deadline, when the last opening was filled, or on cancellation.
        if status == S.OPEN:
            window_end = self.now
        elif status == S.IN_PROGRESS:
            window_end = min(project.application_deadline, self.now - DAY)
            if accepted == project.openings:
                project.close_reason = CloseReason.FILLED
                window_end = self.between(project.published_at + 4 * DAY, window_end)
            elif project.application_deadline <= self.now:
                project.close_reason = CloseReason.DEADLINE
            else:
                project.close_reason = CloseReason.EMPLOYER
        elif status == S.COMPLETED:
            window_end = min(project.application_deadline, self.now - DAY)
            project.close_reason = CloseReason.DEADLINE
            if accepted == project.openings:
                project.close_reason = CloseReason.FILLED
                window_end = self.between(project.published_at + 4 * DAY, window_end)
        else:
            project.close_reason = CloseReason.EMPLOYER
            window_end = self.between(project.published_at + 5 * DAY, project.application_deadline)
        if status != S.OPEN:
            project.closed_at = window_end

        picked = rng.sample(pool, min(len(pool), applicants - len(forced)))
        plan: list[tuple[StudentRec, str, str | None]] = [
            (f.student, f.status, f.engagement_status) for f in forced
        ]
        to_accept = accepted - forced_accepted
        for rec in picked:
            if to_accept > 0:
                plan.append((rec, A.ACCEPTED, None))
                to_accept -= 1
            else:
                plan.append((rec, self.other_outcome(status), None))
        project.accepted_count = sum(s == A.ACCEPTED for _, s, _ in plan)

        # Accepted first: their engagements decide when a completed or cancelled project ended.
        plan.sort(key=lambda entry: entry[1] != A.ACCEPTED)
        engagements: list[Engagement] = []
        finished = False
        for rec, app_status, engagement_status in plan:
            if app_status != A.ACCEPTED and not finished:
                self.finish(project, engagements, window_end)
                finished = True
            engagement = self.application(project_rec, rec, app_status, engagement_status, window_end)
            if engagement is not None:
                engagements.append(engagement)
        if not finished:
            self.finish(project, engagements, window_end)

    def finish(self, project: Project, engagements: list[Engagement], window_end: dt.datetime) -> None:
        if project.status == ProjectStatus.COMPLETED:
            project.completed_at = max(
                (e.completed_at for e in engagements),
                default=self.between(window_end + 14 * DAY, self.now - DAY),
            )
        elif project.status == ProjectStatus.CANCELLED:
            project.cancelled_at = max((e.cancelled_at for e in engagements), default=window_end)

    def other_outcome(self, project_status: str) -> str:
        A, S = ApplicationStatus, ProjectStatus
        weights = {
            S.OPEN: {A.SUBMITTED: 45, A.SHORTLISTED: 25, A.REJECTED: 15, A.WITHDRAWN: 15},
            S.IN_PROGRESS: {A.SUBMITTED: 8, A.SHORTLISTED: 12, A.REJECTED: 65, A.WITHDRAWN: 15},
            S.COMPLETED: {A.REJECTED: 82, A.WITHDRAWN: 18},
            S.CANCELLED: {A.REJECTED: 60, A.WITHDRAWN: 40},
        }[project_status]
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def application(
        self,
        project_rec: ProjectRec,
        student: StudentRec,
        status: str,
        engagement_status: str | None,
        window_end: dt.datetime,
    ) -> Engagement | None:
        """One application with its timeline; the engagement too when it was accepted."""
        rng, A = self.rng, ApplicationStatus
        project = project_rec.project
        employer = project_rec.employer
        decider = rng.choice(employer.members)
        # Accepted applicants are picked early enough to do the work before the due date.
        apply_end = window_end
        if status == A.ACCEPTED:
            apply_end = min(window_end - DAY, project.published_at + 10 * DAY)
        created = self.between(project.published_at + HOUR, apply_end - 2 * HOUR)
        matching = [s for s in student.skill_ids if s in project_rec.required_ids + project_rec.nice_ids]
        context = {
            "year_label": student.year_label,
            "major": student.major,
            "university": student.profile.university.name if student.profile.university else "my university",
            "skill": skill_phrase(self.skill_names[(matching or student.skill_ids)[0]]),
            "hours": student.hours,
            "title": project.title,
            "industry": employer.spec.industry,
            "employer": employer.spec.name,
        }
        answers = [
            {"question": q, "answer": rng.choice(data.SCREENING_ANSWERS).format(**context)}
            for q in project.screening_questions
        ]
        weeks = max(1, ((project.due_date or self.today) - timezone.localdate(created)).days / 7)
        application = Application(
            public_id=self.uuid(),
            project=project,
            student=student.profile,
            cover_note=rng.choice(data.COVER_NOTES).format(**context),
            answers=answers,
            status=status,
            exceeds_weekly_budget=project.estimated_hours / weeks > student.hours,
            created_at=created,
        )
        self.applications.append(application)

        events = [(A.SUBMITTED, created, student.user, "")]
        last = created
        # Decisions: acceptances before applications closed; the others up to a few days after (or, on a
        # cancelled project, when it was cancelled).
        decision_start, decision_end = last + HOUR, window_end
        if status == A.ACCEPTED and engagement_status:  # the demo accounts: leave time for the work
            decision_end = min(decision_end, created + 4 * DAY)
        elif status != A.ACCEPTED and project.status != ProjectStatus.OPEN:
            decision_end = window_end + 3 * DAY
        if status == A.REJECTED and project.cancelled_at:
            decision_start, decision_end = project.cancelled_at, project.cancelled_at + DAY
        if status == A.SHORTLISTED or (status != A.SUBMITTED and rng.random() < 0.5):
            last = self.between(created + HOUR, min(created + 5 * DAY, decision_end - 2 * HOUR))
            events.append((A.SHORTLISTED, last, decider, ""))
        if status in (A.ACCEPTED, A.REJECTED):
            decided = self.between(max(last + HOUR, decision_start), min(last + 7 * DAY, decision_end))
            if status == A.REJECTED:
                application.decision_note = (
                    data.CANCELLED_PROJECT_NOTE
                    if project.status == ProjectStatus.CANCELLED
                    else rng.choice(data.REJECTION_NOTES)
                )
                note = application.decision_note
            else:
                note = rng.choice(data.ACCEPTANCE_NOTES)
            application.decided_at, application.decided_by = decided, decider
            events.append((status, decided, decider, note))
        elif status == A.WITHDRAWN:
            application.withdrawn_at = self.between(
                last + HOUR, min(last + 6 * DAY, max(window_end, last + 2 * HOUR))
            )
            events.append(
                (A.WITHDRAWN, application.withdrawn_at, student.user, rng.choice(data.WITHDRAWAL_NOTES))
            )
        self.events += [
            ApplicationEvent(application=application, status=s, actor=actor, note=note, created_at=at)
            for s, at, actor, note in events
        ]
        if status == A.ACCEPTED:
            return self.engagement(project_rec, student, application, engagement_status)
        return None

    # ------------------------------------------------------------------ engagements
    def engagement(
        self, project_rec: ProjectRec, student: StudentRec, application: Application, status: str | None
    ) -> Engagement:
        rng, S, E = self.rng, ProjectStatus, EngagementStatus
        project = project_rec.project
        employer = project_rec.employer
        accepted = application.decided_at
        if status is None:
            status = {S.COMPLETED: E.COMPLETED, S.CANCELLED: E.CANCELLED}.get(project.status)
        if status is None:
            status = self.live_engagement_states.draw()
            if status == E.KICKOFF and self.now - accepted > 10 * DAY:
                status = E.ACTIVE  # nobody waits weeks for a kickoff
        engagement = Engagement(
            public_id=self.uuid(),
            application=application,
            project=project,
            student=student.profile,
            employer=employer.employer,
            status=status,
            fee=project.fee,
            currency=project.currency,
            estimated_hours=project.estimated_hours,
            due_date=project.due_date,
            created_at=accepted,
        )
        self.engagements.append(engagement)
        if status != E.KICKOFF or rng.random() < 0.5:
            engagement.student_confirmed_at = self.between(accepted + HOUR, accepted + 2 * DAY)
        if status != E.KICKOFF:
            engagement.employer_confirmed_at = self.between(accepted + HOUR, accepted + 2 * DAY)
            engagement.started_at = max(engagement.student_confirmed_at, engagement.employer_confirmed_at)

        due = dt.datetime.combine(project.due_date, dt.time(17), tzinfo=self.now.tzinfo)
        end = {
            E.COMPLETED: self.between(due - 5 * DAY, due + 2 * DAY),
            E.CANCELLED: self.between(
                (engagement.started_at or accepted) + 7 * DAY, (engagement.started_at or accepted) + 20 * DAY
            ),
        }.get(status, self.now)
        end = max(end, (engagement.started_at or accepted) + HOUR)
        if status == E.COMPLETED:
            engagement.completed_at = end
        elif status == E.CANCELLED:
            engagement.cancelled_at = end
            engagement.cancelled_by = employer.owner
            engagement.cancellation_reason = rng.choice(data.CANCELLATION_REASONS)

        deliverables = project.deliverables
        n = len(deliverables)
        approved = {
            E.KICKOFF: 0,
            E.ACTIVE: rng.randint(0, n - 1),
            E.COMPLETED: n,
            E.CANCELLED: rng.randint(0, n - 1),
        }[status]
        start = engagement.started_at or accepted
        span = max(dt.timedelta(days=n), due - start)
        approvals = sorted(self.between(start + DAY, end) for _ in range(approved))
        for position, title in enumerate(deliverables):
            milestone_due = start + span * (position + 1) / n
            milestone = Milestone(
                engagement=engagement,
                position=position,
                title=title,
                description=f'Deliverable {position + 1} of {n} for "{project.title}".',
                due_date=timezone.localdate(milestone_due),
                created_at=accepted,
            )
            self.milestones.append(milestone)
            if position < approved:
                approved_at = approvals[position]
                milestone.status = MilestoneStatus.APPROVED
                milestone.approved_at = approved_at
                self.submission(milestone, student, employer, SubmissionStatus.APPROVED, approved_at, start)
            elif position == approved and status in (E.ACTIVE, E.CANCELLED):
                state = rng.choice([MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED, None])
                if state:
                    milestone.status = state
                    reviewed = (
                        SubmissionStatus.CHANGES_REQUESTED
                        if state == MilestoneStatus.CHANGES_REQUESTED
                        else None
                    )
                    self.submission(milestone, student, employer, reviewed, end - DAY, start)

        self.plan_messages(engagement, student, employer, start, end, status)
        if status in (E.ACTIVE, E.COMPLETED, E.CANCELLED):
            self.plan_hours(engagement, start, end, status, approved / n)
        if status == E.COMPLETED:
            self.plan_payment(engagement, employer, project.fee, PaymentKind.FULL, end, application)
            self.plan_reviews(engagement, project_rec, student, employer, end, application)
        elif status == E.CANCELLED and approved:
            amount = money(project.fee * approved / n)
            self.plan_payment(engagement, employer, amount, PaymentKind.PRO_RATA, end, application)
        return engagement

    def submission(
        self,
        milestone: Milestone,
        student: StudentRec,
        employer: EmployerRec,
        status: str | None,
        at: dt.datetime,
        start: dt.datetime,
    ) -> None:
        rng = self.rng
        submitted = self.between(max(start, at - 3 * DAY), at - HOUR)
        slug = slugify(milestone.title)[:40]
        submission = DeliverableSubmission(
            milestone=milestone,
            submitted_by=student.user,
            note=rng.choice(data.SUBMISSION_NOTES),
            link=f"https://docs.example.com/d/{self._uuid_rng.getrandbits(48):012x}/{slug}",
            status=status or SubmissionStatus.SUBMITTED,
            created_at=submitted,
        )
        if status == SubmissionStatus.APPROVED:
            if rng.random() < 0.05:
                submission.auto_approved = True
                submission.review_comment = "Approved automatically: no review within the response window."
            else:
                submission.reviewed_by = rng.choice(employer.members)
                submission.review_comment = rng.choice(["Looks great, thank you.", "Approved.", ""])
            submission.reviewed_at = at
        elif status == SubmissionStatus.CHANGES_REQUESTED:
            submission.reviewed_by = rng.choice(employer.members)
            submission.reviewed_at = self.between(submitted + HOUR, submitted + 2 * DAY)
            submission.review_comment = rng.choice(data.CHANGE_REQUESTS)
        self.submissions.append(submission)

    def plan_messages(
        self,
        engagement: Engagement,
        student: StudentRec,
        employer: EmployerRec,
        start: dt.datetime,
        end: dt.datetime,
        status: str,
    ) -> None:
        count = {EngagementStatus.KICKOFF: 2}.get(status, self.rng.randint(3, 6))
        moments = sorted(self.between(start, end) for _ in range(count))
        contact = self.rng.choice(employer.members)
        for i, at in enumerate(moments):
            from_employer = i % 2 == 0
            body = self.rng.choice(data.MESSAGES_EMPLOYER if from_employer else data.MESSAGES_STUDENT)
            if i < 2:  # the kickoff exchange
                body = data.MESSAGES_EMPLOYER[0] if from_employer else data.MESSAGES_STUDENT[0]
            self.messages.append(
                Message(
                    engagement=engagement,
                    sender=contact if from_employer else student.user,
                    body=body,
                    created_at=at,
                )
            )

    def plan_hours(
        self, engagement: Engagement, start: dt.datetime, end: dt.datetime, status: str, progress: float
    ) -> None:
        share = self.rng.uniform(0.85, 1.15) if status == EngagementStatus.COMPLETED else max(0.1, progress)
        total = engagement.estimated_hours * share
        chunk = max(total / 10, self.rng.uniform(1.5, 5))
        logged = 0.0
        moments = []
        while logged < total - 0.25:
            hours = max(0.5, round(min(chunk, total - logged, 8.0) * 2) / 2)
            moments.append((self.between(start, end), hours))
            logged += hours
        for at, hours in sorted(moments):
            self.hours_logs.append(
                HoursLog(
                    engagement=engagement,
                    date=timezone.localdate(at),
                    hours=Decimal(str(hours)),
                    note=self.rng.choice(data.HOURS_NOTES),
                    created_at=at,
                )
            )

    def plan_payment(
        self,
        engagement: Engagement,
        employer: EmployerRec,
        amount: Decimal,
        kind: str,
        end: dt.datetime,
        application: Application,
    ) -> None:
        forced_paid = application.student.user.email.endswith("@demo.test")
        status = PaymentStatus.PAID if forced_paid else self.payment_states.draw()
        paid_at = self.between(end + DAY, end + 12 * DAY) if status == PaymentStatus.PAID else None
        if paid_at is not None and paid_at <= end:  # completed too recently to have been paid yet
            status, paid_at = PaymentStatus.PENDING, None
        payment = Payment(
            engagement=engagement,
            kind=kind,
            amount=amount,
            currency=engagement.currency,
            status=status,
            due_at=end + 14 * DAY,
            created_at=end,
        )
        if paid_at:
            payment.paid_at = paid_at
            payment.marked_paid_by = employer.owner
            payment.reference = f"INV-{paid_at:%Y}-{len(self.payments) + 1:04d}"
        self.payments.append(payment)

    def plan_reviews(
        self,
        engagement: Engagement,
        project_rec: ProjectRec,
        student: StudentRec,
        employer: EmployerRec,
        end: dt.datetime,
        application: Application,
    ) -> None:
        sides = "both" if application.student.user.email.endswith("@demo.test") else self.review_sides.draw()
        if sides in ("both", "student"):
            rating = self.rng.choices([5, 4, 3], [55, 35, 10])[0]
            self.reviews.append(
                Review(
                    engagement=engagement,
                    side=ReviewSide.STUDENT,
                    author=student.user,
                    rating=rating,
                    text=self.rng.choice(data.STUDENT_REVIEWS[rating]),
                    created_at=self.between(end + HOUR, end + 10 * DAY),
                )
            )
        if sides in ("both", "employer"):
            rating = self.rng.choices([5, 4, 3], [55, 35, 10])[0]
            review = Review(
                engagement=engagement,
                side=ReviewSide.EMPLOYER,
                author=self.rng.choice(employer.members),
                rating=rating,
                text=self.rng.choice(data.EMPLOYER_REVIEWS[rating]),
                created_at=self.between(end + HOUR, end + 10 * DAY),
            )
            self.reviews.append(review)
            demonstrated = [
                s for s in project_rec.required_ids + project_rec.nice_ids if s in student.skill_ids
            ]
            self.review_skills.append((review, demonstrated or project_rec.required_ids[:1]))

    def plan_saved_and_reports(self) -> None:
        open_projects = [p.project for p in self.projects if p.project.status == ProjectStatus.OPEN]
        public_open = [p for p in open_projects if p.visibility == Visibility.PUBLIC]
        for rec in self.students:
            if self.rng.random() < 0.3 and public_open:
                for project in self.rng.sample(public_open, min(len(public_open), self.rng.randint(1, 3))):
                    self.saved.append(
                        SavedProject(
                            student=rec.profile,
                            project=project,
                            created_at=self.between(project.published_at, self.now),
                        )
                    )
        reporters = self.rng.sample(self.students[2:], 3)
        for reporter, project, reason, status in zip(
            reporters,
            self.rng.sample(public_open, min(3, len(public_open))),
            [ReportReason.MISLEADING, ReportReason.UNPAID, ReportReason.OTHER],
            [ReportStatus.OPEN, ReportStatus.DISMISSED, ReportStatus.OPEN],
            strict=False,
        ):
            report = Report(
                project=project,
                reporter=reporter.user,
                reason=reason,
                details="The description and the deliverables don't seem to match the hours.",
                status=status,
                created_at=self.between(project.published_at, self.now),
            )
            if status == ReportStatus.DISMISSED:
                report.resolved_by = self.demo_users["admin@demo.test"]
                report.resolved_at = self.between(report.created_at, self.now)
            self.reports.append(report)

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


def summary() -> list[tuple[str, str]]:
    """Counts of what the demo database holds, for the command's output and the tests."""

    def by_status(model: type[models.Model]) -> str:
        counts = Counter(dict(model.objects.values_list("status").annotate(n=models.Count("pk"))))
        return ", ".join(f"{status} {counts[status]}" for status in sorted(counts))

    verified = StudentProfile.objects.filter(verified_at__isnull=False, university__isnull=False).count()
    return [
        ("universities", str(University.objects.count())),
        ("career staff", str(CareerStaffMembership.objects.count())),
        ("employers", f"{Employer.objects.count()} ({EmployerMember.objects.count()} members)"),
        ("partnerships", by_status(Partnership)),
        (
            "students",
            f"{StudentProfile.objects.count()} ({verified} verified)",
        ),
        ("skills", str(Skill.objects.count())),
        ("projects", by_status(Project)),
        ("applications", by_status(Application)),
        ("engagements", by_status(Engagement)),
        ("milestones", by_status(Milestone)),
        ("payments", by_status(Payment)),
        ("reviews", str(Review.objects.count())),
    ]
