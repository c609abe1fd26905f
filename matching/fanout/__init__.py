"""Telling matching students about a newly published project: who is told, in what order, and the batch write.

The tasks in matching/tasks.py drive it. One fan-out task per published project hands the work out in
batches, and each batch is one statement that scores its students, writes each one's why and inserts the
notices (``notify_selected``: the rows never pass through Python). Two ways of cutting the batches:

- with a cap (MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] > 0), only the best students are told, so the
  fan-out ranks every candidate once (``match_recipients_for_project``) and each batch names its students;
- without one, every student above the threshold is told and the order does not matter, so nobody is
  ranked: the fan-out walks the candidates (students sharing a skill with the project) by keyset, a page of
  ids at a time, and each batch is a range of them (``StudentRange``) that its task scores and filters.
  Finding the ranges walks the students' primary key with one index probe each, never a score.

Every step is safe to repeat: the notices' unique (user, key) skips users already told about the project, so
a redelivered task writes and emails nothing twice.

Fair exposure: among students with the same score, those told about a match longest ago (or never) come first,
so a per-project cap does not hand every notice to the same few profiles.

How a batch statement is built (``statement.ScoredStudents``): the score is `match_score_expression` of
matching.scoring, compiled to SQL; only where its skill counts come from differs. Each student's held
project skills are read once into an array in a MATERIALIZED CTE, with the components that need a subquery
(the weekly load), so neither is computed again each time the score expression names it; the score and the
why are then plain expressions over those columns.
"""

from matching.fanout.notices import (
    match_notify_batch,
    match_notify_range,
    match_project_for_notices,
    match_whys_for_students,
)
from matching.fanout.recipients import (
    RANGE_PAGE_BATCHES,
    match_recipient_batches,
    match_recipient_ranges,
    match_recipients_for_project,
)
from matching.fanout.statement import STATEMENT_SETTINGS, StudentRange, match_notice_key, notice_body

__all__ = [
    "RANGE_PAGE_BATCHES",
    "STATEMENT_SETTINGS",
    "StudentRange",
    "match_notice_key",
    "match_notify_batch",
    "match_notify_range",
    "match_project_for_notices",
    "match_recipient_batches",
    "match_recipient_ranges",
    "match_recipients_for_project",
    "match_whys_for_students",
    "notice_body",
]
