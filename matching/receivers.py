"""Matching's answers to what happens below it, connected in `MatchingConfig.ready`: the apps that announce
these events sit below matching and may not import it."""

from typing import Any

from marketplace.tasks import enqueue_on_commit
from matching.tasks import project_match_fanout
from projects.models import Project


def project_published_queue_fanout(sender: type[Project], *, project: Project, **kwargs: Any) -> None:
    """A project went live (`projects.signals.project_published`): once its publishing commits, tell the
    students it matches (the fan-out, matching/tasks.py). Nothing else happens here."""
    enqueue_on_commit(project_match_fanout, project.pk)
