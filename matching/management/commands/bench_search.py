"""Benchmark of the DB part of a project search: the SQL one search page runs, at 100,000 open projects.

    python manage.py bench_search [--projects 100000] [--students 3000] [--runs 100] [--explain]
    make bench-search

It uses the recommendations benchmark's database (``<NAME>_bench_matching``, seeded by `bench_matching`'s own
code when missing, then kept; ``--projects 1000000`` seeds more into it). For `--runs` different bench
students (80% verified, so partner-only projects count) and each search of `SEARCHES`, it runs what the
search page runs (`project_search_results`, the results marked applied, one `SearchPaginator` page with its
skills) and times each SQL statement from the client, as the page's process sees it (sent, executed,
fetched). A search's "DB time" is the sum over its statements; "Python" is the rest of the call (building
and compiling the statements, making the rows into objects). Printed per search as p50/p95/p99/max over
the students, after one warm-up pass.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from applications.selectors import project_list_marked_applied
from marketplace.benchmarks import percentile
from matching.management.commands.bench_matching import Command as MatchingBench
from projects.models import Project, ProjectStatus
from projects.selectors_search import SearchPaginator, project_search_results, trigram_search_available
from students.models import StudentProfile

PAGE_SIZE = 20  # the search page's (applications/views/project_search.py)

# (label, keyword arguments of `project_search_results`, page number): the searches of issue #15's table and
# the other shapes a student's search takes.
SEARCHES: list[tuple[str, dict[str, Any], int]] = [
    ("a common word (q=data)", {"query": "data"}, 1),
    ("a rare word (q=geospatial)", {"query": "geospatial"}, 1),
    ("filters, no text", {"field": "data", "hours_max": 20, "remote_only": True}, 1),
    ("a common word and filters", {"query": "data", "hours_max": 20, "remote_only": True}, 1),
    ("no text, no filter (newest)", {}, 1),
    ("a common word, closing soonest", {"query": "data", "sort": "deadline"}, 1),
    ("a common word, highest fee", {"query": "data", "sort": "fee"}, 1),
    ("a common word, page 5", {"query": "data"}, 5),
    ("two words (q=python dashboard)", {"query": "python dashboard"}, 1),
]
# Searched only where pg_trgm is installed (the typo fallback needs it).
TYPO_SEARCH = ("a typo (q=theatter, close matches)", {"query": "theatter"}, 1)


@dataclass
class Timing:
    db_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)
    statements: int = 0
    rows: int = 0


@contextmanager
def timed_statements() -> Iterator[list[float]]:
    """Each SQL statement's time in ms, from sending it to having its rows, in the order they ran."""
    durations: list[float] = []

    def wrapper(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durations.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(wrapper):
        yield durations


def run_search(student: StudentProfile, arguments: dict[str, Any], page_number: int) -> int:
    """What the search page does with the database for `student` (the page's rows, with their skills, read
    to the end); how many projects the page shows."""
    result = project_search_results(student=student, **arguments)
    projects = project_list_marked_applied(projects=result.projects, student=student)
    page = SearchPaginator(projects, PAGE_SIZE).get_page(page_number)
    return len(page.object_list)


class Command(BaseCommand):
    help = "Time the SQL of the project search for many students over 100,000 open projects."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--projects", type=int, default=100_000)
        parser.add_argument("--students", type=int, default=3_000)
        parser.add_argument("--runs", type=int, default=100, help="How many different students search.")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page query.")

    def handle(self, *args, projects: int, students: int, runs: int, explain: bool, **options) -> None:
        if projects < 1 or students < 1 or runs < 1:
            raise CommandError("--projects, --students and --runs must be at least 1.")
        bench = MatchingBench(stdout=self.stdout, stderr=self.stderr)
        bench.use_database()
        bench.seed(projects=projects, students=students)
        searchers = list(
            StudentProfile.objects.filter(user__email__endswith="@bench.example")
            .select_related("university")
            .order_by("pk")[:runs]
        )
        searches = [*SEARCHES, *([TYPO_SEARCH] if trigram_search_available() else [])]
        open_count = Project.objects.filter(status=ProjectStatus.OPEN).count()
        self.say(
            f"Timing {len(searches)} searches for {len(searchers)} students, {open_count:,} open projects "
            "(one warm-up pass first) …"
        )
        timings = self.measure(searches, searchers)
        self.say(self.table(searches, timings, len(searchers)))
        if explain:
            for label, arguments, page_number in searches:
                self.explain(label, searchers[len(searchers) // 2], arguments, page_number)

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def measure(self, searches: list, searchers: list[StudentProfile]) -> dict[str, Timing]:
        for student in searchers:  # warm-up: the caches, the buffers, the planner's statistics
            for _label, arguments, page_number in searches:
                run_search(student, arguments, page_number)
        timings = {label: Timing() for label, _arguments, _page in searches}
        # Students in the outer loop: each search is timed across the whole run, so a passing load spike
        # touches every search a little rather than one a lot.
        for student in searchers:
            for label, arguments, page_number in searches:
                timing = timings[label]
                with timed_statements() as durations:
                    started = time.perf_counter()
                    timing.rows += run_search(student, arguments, page_number)
                    total = (time.perf_counter() - started) * 1000
                timing.db_ms.append(sum(durations))
                timing.total_ms.append(total)
                timing.statements = max(timing.statements, len(durations))
        return timings

    def table(self, searches: list, timings: dict[str, Timing], students: int) -> str:
        lines = [
            "",
            "| search | statements | DB p50 | DB p95 | DB p99 | DB max | Python p50 | results |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for label, _arguments, _page in searches:
            timing = timings[label]
            python = [total - db for total, db in zip(timing.total_ms, timing.db_ms, strict=True)]
            lines.append(
                f"| {label} | {timing.statements} | {percentile(timing.db_ms, 0.5):.1f} ms "
                f"| {percentile(timing.db_ms, 0.95):.1f} ms | {percentile(timing.db_ms, 0.99):.1f} ms "
                f"| {max(timing.db_ms):.1f} ms | {percentile(python, 0.5):.1f} ms "
                f"| {timing.rows / students:.0f} |"
            )
        return "\n".join(lines)

    def explain(
        self, label: str, student: StudentProfile, arguments: dict[str, Any], page_number: int
    ) -> None:
        """EXPLAIN ANALYZE of the statement that reads the page (with its count), else the slowest one."""
        captured: list[tuple[float, str, Any]] = []

        def capture(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((time.perf_counter() - started, sql, params))

        with connection.execute_wrapper(capture):
            run_search(student, arguments, page_number)
        pages = [statement for statement in captured if "OVER ()" in statement[1]]
        _seconds, sql, params = max(pages or captured, key=lambda statement: statement[0])
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.say(f"\n## {label}\n{plan}")
