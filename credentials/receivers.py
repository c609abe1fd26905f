"""Engagement events that issue credentials: each queues the issuing task once the transaction commits."""

from typing import Any

from engagements.signals import engagement_review_written, engagement_work_ended
from marketplace.tasks import enqueue_on_commit

ISSUE_TASK = "credentials.tasks.credential_issue"


def _queue_issue(*, engagement_id: int, **_: Any) -> None:
    enqueue_on_commit(ISSUE_TASK, engagement_id)


def connect() -> None:
    engagement_work_ended.connect(_queue_issue, dispatch_uid="credentials.issue_on_work_ended")
    engagement_review_written.connect(_queue_issue, dispatch_uid="credentials.issue_on_review")
