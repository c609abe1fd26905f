from django.urls import path

from engagements.views import activity as engagement_activity
from engagements.views import pages as engagements
from engagements.views import reviews as engagement_reviews
from engagements.views import work as engagement_work

app_name = "engagements"

urlpatterns = [
    path("", engagements.engagement_list, name="list"),
    path("<uuid:public_id>/", engagements.engagement_detail, name="detail"),
    path("<uuid:public_id>/kickoff/", engagements.engagement_confirm_kickoff, name="confirm_kickoff"),
    path("<uuid:public_id>/messages/", engagement_activity.message_list, name="messages"),
    path("<uuid:public_id>/messages/send/", engagement_activity.message_send, name="message_send"),
    path("<uuid:public_id>/hours/", engagement_activity.hours_log, name="hours"),
    path("<uuid:public_id>/milestones/", engagement_work.milestone_add, name="milestone_add"),
    path("<uuid:public_id>/milestones/<int:pk>/edit/", engagement_work.milestone_edit, name="milestone_edit"),
    path(
        "<uuid:public_id>/milestones/<int:pk>/remove/",
        engagement_work.milestone_remove,
        name="milestone_remove",
    ),
    path(
        "<uuid:public_id>/milestones/<int:pk>/submit/",
        engagement_work.deliverable_submit,
        name="deliverable_submit",
    ),
    path(
        "<uuid:public_id>/submissions/<int:pk>/file/",
        engagement_work.deliverable_file,
        name="deliverable_file",
    ),
    path(
        "<uuid:public_id>/submissions/<int:pk>/approve/",
        engagement_work.deliverable_approve,
        name="deliverable_approve",
    ),
    path(
        "<uuid:public_id>/submissions/<int:pk>/changes/",
        engagement_work.deliverable_request_changes,
        name="deliverable_changes",
    ),
    path("<uuid:public_id>/payments/<int:pk>/paid/", engagement_work.payment_mark_paid, name="mark_paid"),
    path("<uuid:public_id>/cancel/", engagement_work.engagement_cancel, name="cancel"),
    path("<uuid:public_id>/review/", engagement_reviews.review_write, name="review"),
]
