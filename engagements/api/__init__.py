"""The engagements API: the work after acceptance, for its two sides (the student and the employer's members).

Thin views over the page's selectors and services: every engagement is reached through
`engagements.access.engagement_get_for_party` (the page's lookup: 404 to anyone who is not a party), and
milestones, submissions and payments by their ids *within* that engagement only, so guessing ids leaks
nothing. The detail is the page's own data (`engagements.selectors_page.engagement_page`). The services
decide who may do what (the other side gets 403) and refuse what the state does not allow (400, on the
field the refusal is about, as the page's forms show it). Career staff get 403 for the whole area, as the
pages answer them 404. A submission's file is streamed by …/submissions/<id>/file/, so a token is enough.

The area's parts: `common` (who may use it, the schema decorator), `serializers`, `views_overview` (list,
counts, detail), `views_activity` (kickoff, messages, hours) and `views_work` (milestones, submissions,
payment, cancelling, reviews). The employers' postings (`projects_employer`, under employer/) are here
because cancelling a posting is an engagements service.
"""

from django.urls import include, path

from engagements.api.views_activity import (
    EngagementConfirmKickoff,
    EngagementMarkRead,
    HoursListCreate,
    MessageListCreate,
)
from engagements.api.views_application_messages import ApplicationMessageListCreate, ApplicationMessageReport
from engagements.api.views_overview import EngagementCounts, EngagementDetail, EngagementList
from engagements.api.views_work import (
    EngagementCancel,
    MilestoneCreate,
    MilestoneDetail,
    PaymentMarkPaid,
    ReviewCreate,
    SubmissionApprove,
    SubmissionCreate,
    SubmissionFile,
    SubmissionRequestChanges,
)


def _at(suffix: str) -> str:
    return f"engagements/<uuid:public_id>/{suffix}"


urlpatterns = [
    # The thread before the decision, for both sides of an application.
    path(
        "applications/<uuid:public_id>/messages/",
        ApplicationMessageListCreate.as_view(),
        name="api-application-message-list",
    ),
    path(
        "applications/<uuid:public_id>/messages/<int:pk>/report/",
        ApplicationMessageReport.as_view(),
        name="api-application-message-report",
    ),
    path("employer/", include("engagements.api.projects_employer")),
    path("engagements/", EngagementList.as_view(), name="api-engagement-list"),
    path("engagements/counts/", EngagementCounts.as_view(), name="api-engagement-counts"),
    path(_at(""), EngagementDetail.as_view(), name="api-engagement-detail"),
    path(_at("confirm-kickoff/"), EngagementConfirmKickoff.as_view(), name="api-engagement-confirm-kickoff"),
    path(_at("milestones/"), MilestoneCreate.as_view(), name="api-engagement-milestone-list"),
    path(_at("milestones/<int:pk>/"), MilestoneDetail.as_view(), name="api-engagement-milestone-detail"),
    path(
        _at("milestones/<int:pk>/submissions/"),
        SubmissionCreate.as_view(),
        name="api-engagement-submission-create",
    ),
    path(_at("submissions/<int:pk>/file/"), SubmissionFile.as_view(), name="api-engagement-submission-file"),
    path(
        _at("submissions/<int:pk>/approve/"),
        SubmissionApprove.as_view(),
        name="api-engagement-submission-approve",
    ),
    path(
        _at("submissions/<int:pk>/request-changes/"),
        SubmissionRequestChanges.as_view(),
        name="api-engagement-submission-request-changes",
    ),
    path(_at("messages/"), MessageListCreate.as_view(), name="api-engagement-message-list"),
    path(_at("read/"), EngagementMarkRead.as_view(), name="api-engagement-read"),
    path(_at("hours/"), HoursListCreate.as_view(), name="api-engagement-hours"),
    path(_at("payment/mark-paid/"), PaymentMarkPaid.as_view(), name="api-engagement-mark-paid"),
    path(_at("cancel/"), EngagementCancel.as_view(), name="api-engagement-cancel"),
    path(_at("reviews/"), ReviewCreate.as_view(), name="api-engagement-review-create"),
]
