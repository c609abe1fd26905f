"""Everything the platform holds about a student, as one JSON document they can keep or take elsewhere.

The profile follows the JSON Resume schema (https://jsonresume.org/schema), so résumé tools read it as is;
the "marketplace" part holds the rest: applications, engagements (milestones, deliverables as links and file
names, hours, messages, payments) and reviews. Reviews about the student are included only once the
double-blind rule lets the student read them. A fixed number of queries, whatever the amount of data.

It lives in engagements, the highest of the apps it reads (students, applications, engagements), so that
students never import the apps above them.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Message,
    Milestone,
    Review,
    ReviewSide,
)
from engagements.selectors import reviews_visible_q
from students.models import StudentProfile

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EXPORT_FORMAT_VERSION = 1

# Where a profile link points, as JSON Resume's "network" names it.
NETWORKS = {
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "linkedin.com": "LinkedIn",
    "behance.net": "Behance",
    "dribbble.com": "Dribbble",
    "medium.com": "Medium",
    "x.com": "X",
    "twitter.com": "X",
    "kaggle.com": "Kaggle",
}


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: dt.datetime | None) -> str | None:
    """JSON Resume dates are ISO 8601 dates (YYYY-MM-DD)."""
    return value.date().isoformat() if value is not None else None


def _money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def _profile_link(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    return {
        "network": NETWORKS.get(host, host),
        "username": segments[-1] if host in NETWORKS and segments else "",
        "url": url,
    }


def _file_name(field) -> str:
    return PurePath(field.name).name if field else ""


def _profile(user: User) -> StudentProfile:
    profile = (
        StudentProfile.objects.filter(user_id=user.pk)
        .select_related("user", "university")
        .prefetch_related("skills")
        .first()
    )
    if profile is None:
        raise Http404("No profile to export.")
    return profile


def _applications(profile: StudentProfile) -> list[dict[str, Any]]:
    applications = (
        Application.objects.filter(student=profile)
        .select_related("project__employer")
        .prefetch_related(
            "events",
            Prefetch(
                "messages",
                queryset=Message.objects.filter(engagement__isnull=True)
                .select_related("sender")
                .order_by("created_at", "id"),
                to_attr="thread_before_decision",
            ),
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "id": str(application.public_id),
            "project": application.project.title,
            "employer": application.project.employer.name,
            "status": application.status,
            "appliedAt": _iso(application.created_at),
            "decidedAt": _iso(application.decided_at),
            "withdrawnAt": _iso(application.withdrawn_at),
            "coverNote": application.cover_note,
            "answers": application.answers,
            "decisionNote": application.decision_note,
            "timeline": [
                {"status": event.status, "at": _iso(event.created_at), "note": event.note}
                for event in application.events.all()
            ],
            # Messages before the decision that stayed there (after acceptance they are the engagement's).
            "messages": [
                {
                    "at": _iso(message.created_at),
                    "from": "you"
                    if message.sender_id == profile.user_id
                    else (message.sender.get_full_name() if message.sender else "the platform"),
                    "body": message.body,
                }
                for message in application.thread_before_decision
            ],
        }
        for application in applications
    ]


def _engagements(profile: StudentProfile) -> list[Engagement]:
    submissions = DeliverableSubmission.objects.order_by("created_at", "id")
    milestones = Milestone.objects.order_by("position", "id").prefetch_related(
        Prefetch("submissions", queryset=submissions)
    )
    return list(
        Engagement.objects.filter(student=profile)
        .select_related("project", "employer", "payment")
        .prefetch_related(
            Prefetch("milestones", queryset=milestones),
            "hours_logs",
            Prefetch(
                "messages", queryset=Message.objects.select_related("sender").order_by("created_at", "id")
            ),
        )
        .order_by("created_at", "id")
    )


def _payment(engagement: Engagement) -> dict[str, Any] | None:
    if not hasattr(engagement, "payment"):
        return None
    payment = engagement.payment
    return {
        "kind": payment.kind,
        "amount": _money(payment.amount),
        "currency": payment.currency,
        "status": payment.status,
        "recordedAt": _iso(payment.created_at),
        "dueAt": _iso(payment.due_at),
        "paidAt": _iso(payment.paid_at),
        "reference": payment.reference,
    }


def _engagement(engagement: Engagement, user: User) -> dict[str, Any]:
    hours = list(engagement.hours_logs.all())
    return {
        "id": str(engagement.public_id),
        "project": engagement.project.title,
        "employer": engagement.employer.name,
        "status": engagement.status,
        "fee": _money(engagement.fee),
        "currency": engagement.currency,
        "estimatedHours": engagement.estimated_hours,
        "dueDate": _iso(engagement.due_date),
        "youConfirmedKickoffAt": _iso(engagement.student_confirmed_at),
        "employerConfirmedKickoffAt": _iso(engagement.employer_confirmed_at),
        "startedAt": _iso(engagement.started_at),
        "completedAt": _iso(engagement.completed_at),
        "cancelledAt": _iso(engagement.cancelled_at),
        "cancellationReason": engagement.cancellation_reason,
        "milestones": [
            {
                "title": milestone.title,
                "description": milestone.description,
                "dueDate": _iso(milestone.due_date),
                "status": milestone.status,
                "approvedAt": _iso(milestone.approved_at),
                "submissions": [
                    {
                        "submittedAt": _iso(submission.created_at),
                        "note": submission.note,
                        "link": submission.link,
                        "fileName": submission.file_name,
                        "status": submission.status,
                        "reviewedAt": _iso(submission.reviewed_at),
                        "reviewComment": submission.review_comment,
                        "autoApproved": submission.auto_approved,
                    }
                    for submission in milestone.submissions.all()
                ],
            }
            for milestone in engagement.milestones.all()
        ],
        "hoursLogged": _money(sum((log.hours for log in hours), Decimal("0"))),
        "hoursLog": [{"date": _iso(log.date), "hours": _money(log.hours), "note": log.note} for log in hours],
        "messages": [
            {
                "at": _iso(message.created_at),
                "from": "you"
                if message.sender_id == user.pk
                else (message.sender.get_full_name() if message.sender else "the platform"),
                "body": message.body,
            }
            for message in engagement.messages.all()
        ],
        "payment": _payment(engagement),
    }


def _reviews(profile: StudentProfile, now: dt.datetime) -> list[Review]:
    """The reviews the student may read: their own, and the employer's once no longer blind."""
    return list(
        Review.objects.filter(engagement__student=profile)
        .filter(reviews_visible_q(party="student", now=now))
        .select_related("engagement__project", "engagement__employer")
        .prefetch_related("skills_demonstrated")
        .order_by("created_at", "id")
    )


def _review(review: Review) -> dict[str, Any]:
    data = {
        "engagement": str(review.engagement.public_id),
        "project": review.engagement.project.title,
        "employer": review.engagement.employer.name,
        "rating": review.rating,
        "text": review.text,
        "writtenAt": _iso(review.created_at),
    }
    if review.side == ReviewSide.EMPLOYER:
        data["skillsDemonstrated"] = [skill.name for skill in review.skills_demonstrated.all()]
    return data


def student_export(*, user: User, now: dt.datetime, absolute_url: Callable[[str], str]) -> dict[str, Any]:
    """The export of `user`'s own data (never anyone else's). `absolute_url` turns a path into a full URL
    (the request's `build_absolute_uri`). Http404 when the user has no student profile."""
    profile = _profile(user)
    skills = list(profile.skills.all())
    engagements = _engagements(profile)
    reviews = _reviews(profile, now)
    received = {review.engagement_id: review for review in reviews if review.side == ReviewSide.EMPLOYER}
    portfolio_url = absolute_url(reverse("students:portfolio", kwargs={"public_id": profile.public_id}))
    completed = [engagement for engagement in engagements if engagement.status == EngagementStatus.COMPLETED]
    return {
        "$schema": JSON_RESUME_SCHEMA,
        "basics": {
            "name": user.get_full_name(),
            "email": user.email,
            "url": portfolio_url if profile.portfolio_public else "",
            "summary": profile.bio,
            "location": {},
            "profiles": [_profile_link(link) for link in profile.links],
        },
        "education": (
            [
                {
                    "institution": profile.university.name,
                    "area": profile.major,
                    "studyType": "",
                    "endDate": str(profile.graduation_year) if profile.graduation_year else "",
                }
            ]
            if profile.university
            else []
        ),
        "skills": [{"name": skill.name, "keywords": list(skill.synonyms)} for skill in skills],
        "interests": [{"name": interest} for interest in profile.interests],
        "projects": [
            {
                "name": engagement.project.title,
                "description": engagement.project.summary,
                "startDate": _date(engagement.started_at),
                "endDate": _date(engagement.completed_at),
                "url": portfolio_url if profile.portfolio_public else "",
                "roles": ["Micro-intern"],
                "entity": engagement.employer.name,
                "type": "micro-internship",
                "keywords": (
                    [skill.name for skill in received[engagement.pk].skills_demonstrated.all()]
                    if engagement.pk in received
                    else []
                ),
            }
            for engagement in completed
        ],
        "meta": {"version": "v1.0.0", "lastModified": _iso(now)},
        "marketplace": {
            "formatVersion": EXPORT_FORMAT_VERSION,
            "exportedAt": _iso(now),
            "account": {
                "email": user.email,
                "name": user.get_full_name(),
                "joinedAt": _iso(user.date_joined),
            },
            "profile": {
                "id": str(profile.public_id),
                "university": profile.university.name if profile.university else None,
                "verifiedAt": _iso(profile.verified_at),
                "major": profile.major,
                "graduationYear": profile.graduation_year,
                "skills": [skill.name for skill in skills],
                "interests": list(profile.interests),
                "weeklyHoursAvailable": profile.weekly_hours_available,
                "timeZone": profile.time_zone,
                "bio": profile.bio,
                "links": list(profile.links),
                "resumeFile": _file_name(profile.resume),
                "portfolioPublic": profile.portfolio_public,
                "portfolioUrl": portfolio_url,
            },
            "applications": _applications(profile),
            "engagements": [_engagement(engagement, user) for engagement in engagements],
            "reviews": {
                "written": [_review(review) for review in reviews if review.side == ReviewSide.STUDENT],
                "received": [_review(review) for review in reviews if review.side == ReviewSide.EMPLOYER],
            },
        },
    }
