"""What projects announce to the apps above them, which projects may not import.

`project_published` (argument: `project`, now open): a draft went live. It is sent inside the publishing
transaction, with the project row locked, and once per publishing (publishing an open project again sends
nothing). A receiver that starts work for the new posting registers it with `transaction.on_commit`, so
nothing runs for a publishing that rolls back: matching queues its "new match" fan-out that way
(`matching.receivers`, connected in `MatchingConfig.ready`).
"""

from django.dispatch import Signal

project_published = Signal()
