"""A small seeded world for API tests (the access matrix and the schemathesis run): every endpoint finds data.

Only tests import this module. The cast mirrors tests/test_access_matrix.py and
tests/test_engagement_access.py: student A and a member of employer A own everything; student B, a member
of employer B and career staff of A's university are the outsiders.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from accounts.services import api_token_create
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationStatus
from employers.factories import EmployerMemberFactory
from employers.models import Employer, MemberRole
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import DeliverableSubmission, Engagement, EngagementStatus, Milestone, Payment
from engagements.services import deliverable_submit, hours_log_add, message_send
from notifications.services import Notice, notify
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Project, ProjectStatus, Skill
from students.factories import StudentProfileFactory
from universities.factories import CareerStaffFactory, UniversityFactory


@dataclass
class ApiWorld:
    student: User
    other_student: User
    member: User
    other_member: User
    career_staff: User
    employer: Employer
    other_employer: Employer
    skill: Skill
    project: Project
    draft: Project
    other_project: Project
    application: Application
    engagement: Engagement
    milestones: list[Milestone]
    submission: DeliverableSubmission
    payment: Payment

    def user(self, who: str) -> User | None:
        """The user behind a name of the access matrix ("anonymous" is None)."""
        return None if who == "anonymous" else getattr(self, who)

    def token_for(self, who: str) -> str:
        """A fresh personal API token for one of the cast."""
        user = self.user(who)
        assert user is not None, "the anonymous have no token"
        return api_token_create(user=user, name=f"tests {timezone.now().timestamp()}")[1]


def build_api_world() -> ApiWorld:
    skill = SkillFactory(name="Python")
    university_a = UniversityFactory(domain="a-uni.edu")
    university_b = UniversityFactory(domain="b-uni.edu")
    student_a = StudentProfileFactory(university=university_a, skills=[skill])
    student_b = StudentProfileFactory(university=university_b, skills=[skill])
    member_a = EmployerMemberFactory(role=MemberRole.OWNER)
    member_b = EmployerMemberFactory(role=MemberRole.OWNER)
    career = CareerStaffFactory(university=university_a)

    project = ProjectFactory(employer=member_a.employer, published=True, required_skills=[skill], openings=3)
    draft = ProjectFactory(employer=member_a.employer, status=ProjectStatus.DRAFT)
    other_project = ProjectFactory(employer=member_b.employer, published=True, required_skills=[skill])
    application = ApplicationFactory(project=project, student=student_a, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(project=other_project, student=student_b, status=ApplicationStatus.SUBMITTED)

    engaged_project = ProjectFactory(employer=member_a.employer, published=True, required_skills=[skill])
    engagement = EngagementFactory(
        application__project=engaged_project,
        application__student=student_a,
        status=EngagementStatus.ACTIVE,
        fee=Decimal("600.00"),
        started_at=timezone.now() - dt.timedelta(days=3),
    )
    milestones = [
        MilestoneFactory(engagement=engagement, due_date=timezone.localdate() + dt.timedelta(days=10))
        for _ in range(2)
    ]
    submission = deliverable_submit(
        milestone=milestones[0], by=student_a.user, link="https://docs.example.com/brief", note="First draft"
    )
    message_send(engagement=engagement, by=member_a.user, body="Welcome aboard")
    hours_log_add(engagement=engagement, by=student_a.user, date=timezone.localdate(), hours=Decimal("2"))
    payment = Payment.objects.create(engagement=engagement, amount=engagement.fee, currency="USD")

    for user in (student_a.user, member_a.user, career.user, student_b.user, member_b.user):
        notify(
            user_ids=[user.pk],
            notice=Notice(kind="application_status", key=f"api-world:{user.pk}", title="Hello", body="Hi"),
        )
    return ApiWorld(
        student=student_a.user,
        other_student=student_b.user,
        member=member_a.user,
        other_member=member_b.user,
        career_staff=career.user,
        employer=member_a.employer,
        other_employer=member_b.employer,
        skill=skill,
        project=project,
        draft=draft,
        other_project=other_project,
        application=application,
        engagement=engagement,
        milestones=milestones,
        submission=submission,
        payment=payment,
    )
