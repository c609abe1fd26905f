"""The work itself: milestones, hand-ins and the employer's answers, payment, cancelling and reviews."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.access import engagement_get_for_party
from engagements.api.common import PARTIES, endpoint_schema
from engagements.api.serializers import (
    CancelInputSerializer,
    CancelResultSerializer,
    ChangesInputSerializer,
    DeliverableDecisionSerializer,
    MarkPaidInputSerializer,
    MilestoneInputSerializer,
    MilestonePatchSerializer,
    MilestoneSerializer,
    PaymentSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    SubmissionInputSerializer,
    SubmissionSerializer,
)
from engagements.downloads import submission_file_response
from engagements.models import DeliverableSubmission, Engagement
from engagements.selectors import (
    milestone_get_for_engagement,
    payment_for_engagement,
    review_sides_written,
    submission_get_for_engagement,
)
from engagements.services import (
    deliverable_approve,
    deliverable_request_changes,
    deliverable_submit,
    engagement_cancel,
    milestone_add,
    milestone_remove,
    milestone_update,
    payment_mark_paid,
)
from engagements.services.reviews import review_skills_from_slugs, review_submit
from marketplace.api.downloads import DownloadNegotiation, download_response
from marketplace.api.serializers import valid_input
from marketplace.uploads import DELIVERABLE_KINDS

# What a deliverable may be served as: the types its content is checked as, and the fallback.
DELIVERABLE_MEDIA_TYPES = sorted(
    {kind.content_type.split(";")[0] for kind in DELIVERABLE_KINDS.values()} | {"application/octet-stream"}
)


class MilestoneCreate(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "milestones_create",
        "Add a milestone (employer), placed last",
        MilestoneSerializer,
        code=201,
        request=MilestoneInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(MilestoneInputSerializer, request)
        milestone = milestone_add(engagement=engagement, by=request.user, **given)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneDetail(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "milestones_update",
        "Change a milestone's title, description or due date (employer)",
        MilestoneSerializer,
        request=MilestonePatchSerializer,
    )
    def patch(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
        given = valid_input(MilestonePatchSerializer, request)
        milestone = milestone_update(milestone=milestone, by=request.user, **given)
        return Response(MilestoneSerializer(milestone).data)

    @endpoint_schema(
        "milestones_destroy",
        "Remove a milestone nobody has worked on (employer); the last one stays",
        OpenApiResponse(description="Removed."),
        code=204,
    )
    def delete(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
        milestone_remove(milestone=milestone, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmissionCreate(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "submissions_create",
        "Hand in work for a milestone (student): a file (multipart), a link, or both",
        SubmissionSerializer,
        code=201,
        errors=(400, 401, 403, 404, 413),
        request={
            "multipart/form-data": SubmissionInputSerializer,
            "application/json": SubmissionInputSerializer,
        },
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
        given = valid_input(SubmissionInputSerializer, request)
        submission = deliverable_submit(milestone=milestone, by=request.user, **given)
        context = {"request": request, "engagement": engagement}
        return Response(
            SubmissionSerializer(submission, context=context).data, status=status.HTTP_201_CREATED
        )


class SubmissionFile(APIView):
    permission_classes = PARTIES
    content_negotiation_class = DownloadNegotiation

    @endpoint_schema(
        "submissions_file",
        "Download the file handed in with a submission (either side)",
        download_response("The file, as an attachment, in the type its content was checked as."),
        code=(200, *DELIVERABLE_MEDIA_TYPES),
        errors=(401, 403, 404),
        description="404 for a submission that is only a link.",
    )
    def get(self, request: Request, public_id, pk: int) -> FileResponse:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        return submission_file_response(submission_get_for_engagement(engagement=engagement, pk=pk))


def _decision_response(
    request: Request, engagement: Engagement, submission: DeliverableSubmission
) -> Response:
    engagement.refresh_from_db(fields=["status"])
    submission.milestone.refresh_from_db(fields=["status"])
    body = {
        "submission": submission,
        "milestone_status": submission.milestone.status,
        "engagement_status": engagement.status,
        "payment": payment_for_engagement(engagement=engagement),
    }
    context = {"request": request, "engagement": engagement}
    return Response(DeliverableDecisionSerializer(body, context=context).data)


class SubmissionApprove(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "submissions_approve",
        "Approve a submission (employer); the last milestone approved completes the engagement",
        DeliverableDecisionSerializer,
        request=None,
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        submission = submission_get_for_engagement(engagement=engagement, pk=pk)
        decided = deliverable_approve(submission=submission, by=request.user)
        decided.milestone = submission.milestone
        return _decision_response(request, engagement, decided)


class SubmissionRequestChanges(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "submissions_request_changes",
        "Send a submission back with what to change (employer)",
        DeliverableDecisionSerializer,
        request=ChangesInputSerializer,
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        submission = submission_get_for_engagement(engagement=engagement, pk=pk)
        given = valid_input(ChangesInputSerializer, request)
        decided = deliverable_request_changes(
            submission=submission, by=request.user, comment=given["comment"]
        )
        decided.milestone = submission.milestone
        return _decision_response(request, engagement, decided)


class PaymentMarkPaid(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "payment_mark_paid",
        "Record that the payment was sent (employer); the platform moves no money",
        PaymentSerializer,
        description="400 while no payment is recorded (it is made at completion, or at a cancellation "
        "that owes approved work). Marking it paid again changes nothing.",
        request=MarkPaidInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(MarkPaidInputSerializer, request)
        payment = payment_for_engagement(engagement=engagement)
        if payment is None:
            raise ValidationError(
                "No payment is due yet: it is recorded when the engagement completes.", code="no_payment"
            )
        payment = payment_mark_paid(payment=payment, by=request.user, reference=given["reference"])
        return Response(PaymentSerializer(payment).data)


class EngagementCancel(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "cancel",
        "End the engagement before completion, saying why (either side)",
        CancelResultSerializer,
        description="Approved milestones are owed pro rata (`owed`, recorded as a pending payment); "
        "before any approval nothing is owed. The detail's `cancellation_terms` gives the figure beforehand.",
        request=CancelInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(CancelInputSerializer, request)
        engagement = engagement_cancel(engagement=engagement, by=request.user, reason=given["reason"])
        payment = payment_for_engagement(engagement=engagement)
        body = {
            "status": engagement.status,
            "cancelled_at": engagement.cancelled_at,
            "cancellation_reason": engagement.cancellation_reason,
            "owed": payment.amount if payment is not None else Decimal("0.00"),
            "currency": engagement.currency,
            "payment": payment,
        }
        return Response(CancelResultSerializer(body).data)


class ReviewCreate(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "reviews_create",
        "Write your side's review (once; it cannot be changed)",
        ReviewSerializer,
        code=201,
        more={200: ReviewSerializer},
        description="The student reviews the employer; an employer member reviews the student and may tick "
        "the skills demonstrated. The other side reads it once both are in or the review window closes. "
        "Sending the same review again answers 200 with it unchanged.",
        request=ReviewInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(ReviewInputSerializer, request)
        skills = review_skills_from_slugs(engagement=engagement, slugs=given["skills_demonstrated"])
        already = party in review_sides_written(engagement=engagement)
        review = review_submit(
            engagement=engagement,
            by=request.user,
            rating=given["rating"],
            text=given["text"],
            skills_demonstrated=skills,
        )
        code = status.HTTP_200_OK if already else status.HTTP_201_CREATED
        return Response(ReviewSerializer(review).data, status=code)
