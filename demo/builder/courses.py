"""The demo faculty member (faculty@demo.test), confirmed by Northfield's career office, teaching one course
over the demo term with Ada (student@demo.test) and a few of the term's verified students enrolled.

Planned last and with its own random generator, so the rest of the world is the same with or without it."""

import datetime as dt
import random

from courses.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Course,
    Enrolment,
    EnrolmentSource,
    FacultyProfile,
)
from demo import data
from demo.builder.term import CAREER_UNIVERSITY

FACULTY_EMAIL = "faculty@demo.test"
ENROLLED_TERM_STUDENTS = 7


class CoursesMixin:
    def plan_courses(self) -> None:
        rng = random.Random(data.SEED + 14)
        faculty_user = self.demo_users[FACULTY_EMAIL]
        university = self.universities[CAREER_UNIVERSITY]
        self.faculty = FacultyProfile(
            user=faculty_user,
            university=university,
            department="School of Business",
            confirmed_at=faculty_user.date_joined + dt.timedelta(days=1),
            confirmed_by=self.demo_users["career@demo.test"],
            created_at=faculty_user.date_joined,
        )
        start = self.term_start.date()
        self.course = Course(
            public_id=self.uuid(),
            university=university,
            created_by=self.faculty,
            code="BUS 340",
            title="Consulting practicum",
            term_start=start,
            # Sixteen weeks, but never ending within the next five: the demo course is always in progress.
            term_end=max(start + dt.timedelta(weeks=16), self.today + dt.timedelta(weeks=5)),
            credits=5,
            expected_hours=40,
            learning_outcomes=[
                "Scope a client's problem and agree the deliverables",
                "Plan and keep to a schedule of milestones",
                "Present findings to a non-specialist client",
            ],
            soft_skills=["time_management", "communication", "problem_solving", "working_independently"],
            join_code="".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH)),
            created_at=self.term_start,
        )
        ada = next(rec.profile for rec in self.students if rec.user.email == "student@demo.test")
        cohort = [rec.profile for rec in self.term_students if rec.verified]
        chosen = rng.sample(cohort, min(ENROLLED_TERM_STUDENTS, len(cohort)))
        self.enrolments = [
            Enrolment(course=self.course, student=profile, source=source)
            for profile, source in [(ada, EnrolmentSource.JOIN_CODE)]
            + [(profile, rng.choice(list(EnrolmentSource))) for profile in chosen]
        ]

    def write_courses(self) -> None:
        FacultyProfile.objects.filter(user=self.faculty.user).delete()  # a login made before the world
        self.faculty.save()
        self.course.save()
        self.course.instructors.add(self.faculty)
        Enrolment.objects.bulk_create(self.enrolments, ignore_conflicts=True)
