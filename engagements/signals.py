"""Events of an engagement that apps above engagements act on (they connect receivers in their `ready`).

Sent inside the service's transaction, after the state change: a receiver that queues work must do it with
`transaction.on_commit`, so nothing runs for a change that is rolled back.
"""

from django.dispatch import Signal

# The work ended with something to show for it: completed, or cancelled after at least one milestone was
# approved. Sent with `engagement_id`.
engagement_work_ended = Signal()
# A review was written (the other side's may have become visible with it). Sent with `engagement_id`.
engagement_review_written = Signal()
