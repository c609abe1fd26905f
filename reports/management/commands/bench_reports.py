"""Benchmark of the career office's report pages at 100,000 students and 1,000,000 applications.

    python manage.py bench_reports [--students 100000] [--applications 1000000] [--runs 30] [--budget 60]
                                   [--warmup 3] [--cached] [--live | --compare | --compare-daily]
                                   [--explain] [--drop]
    make bench-reports

Like `bench_matching`, it never touches the configured database's data: it works in a database of its own
next to it (``<NAME>_bench_reports``, migrated from scratch the first time), seeded once with set-based SQL
(reports/management/bench_data.py) and kept, so the next run only measures; ``--drop`` drops it at the end.
It needs a PostgreSQL user allowed to create databases.

Each page is requested through Django's test client as the benchmarked university's career staff (signed
in, with the authenticator the admin requires), the whole middleware stack included: `--warmup` requests
first, then `--runs` timed ones (fewer, at least 3, once a page has taken `--budget` seconds: a page of
several seconds would otherwise take an hour); printed as p50/p95/p99/max in ms with the SQL queries the
page makes and its slowest one, next to a bare view (/healthz: a few pings, no page) timed the same way in
the same run, and their ratio, so a slow machine shows as a slow baseline too. The load average before and
after says how busy the machine was.

The reports read rollup tables (reports.rollups), built here after seeding when missing (timed) and
refreshed before timing, as the beat tasks keep them. `--live` times the pages computed from the raw rows
instead (REPORTS_ROLLUPS off, how the reports were computed before the rollups); `--compare` times both in
the same run, live first, and prints them side by side; `--compare-daily` times the pages from the per-row
rollups alone (REPORTS_DAILY_ROLLUPS off), then with their daily sums (reports.models.ApplicantDay,
EmployerDay), side by side.
"""

import datetime as dt
import os
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from marketplace.benchmarks import percentile
from reports import rollups
from reports.management import bench_data
from reports.models import RollupState

TARGET_MS = 300  # the figure: a report page answers within 300 ms at p95


ROLLUPS_V1 = {"REPORTS_ROLLUPS": True, "REPORTS_DAILY_ROLLUPS": False}
ROLLUPS_V2 = {"REPORTS_ROLLUPS": True, "REPORTS_DAILY_ROLLUPS": True}
# What each mode times, in order: (label, settings).
MODES = {
    "": [("From the rollups and their daily sums", ROLLUPS_V2)],
    "live": [("Live, from the raw rows", {"REPORTS_ROLLUPS": False})],
    "compare": [("Live, from the raw rows", {"REPORTS_ROLLUPS": False}), ("From the rollups", ROLLUPS_V2)],
    "compare_daily": [
        ("From the per-row rollups alone", ROLLUPS_V1),
        ("From the rollups and their daily sums", ROLLUPS_V2),
    ],
}


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    params: dict[str, str]


@dataclass(frozen=True)
class Timing:
    label: str
    url: str
    status: int
    queries: int
    timings: list[float]
    slowest_query: tuple[float, str] | None = None  # (ms, SQL) of the slowest query of one request


def fetch(client: Client, url: str, params: dict[str, str]) -> HttpResponseBase:
    """GET the page and read its whole body, as a browser would (an export may stream)."""
    response = client.get(url, params)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018
    return response


def report_pages() -> list[Page]:
    """The report pages as a career office opens them: each report over its default range, then narrowed
    to one major, graduation year and field over the last quarter; the trends by week as well, and two
    exports (each records an audit entry, as a real download does)."""
    today = timezone.localdate()
    filters = {
        "start": (today - dt.timedelta(days=90)).isoformat(),
        "end": today.isoformat(),
        "major": "Economics",
        "year": str(today.year + 1),
        "field": "data",
    }
    pages = [Page("index", "reports:index", {})]
    for name in ("funnel", "outcomes", "employers", "trends"):
        pages.append(Page(name, f"reports:{name}", {}))
        pages.append(Page(f"{name} (filtered)", f"reports:{name}", filters))
    pages.append(Page("trends by week", "reports:trends", {"interval": "week"}))
    pages.append(Page("funnel CSV export", "reports:funnel", {"format": "csv"}))
    pages.append(Page("employers XLSX export", "reports:employers", {"format": "xlsx"}))
    return pages


class Command(BaseCommand):
    help = "Time the career office's report pages over 100,000 students and 1,000,000 applications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=bench_data.Sizes.students)
        parser.add_argument("--applications", type=int, default=bench_data.Sizes.applications)
        parser.add_argument("--employers", type=int, default=bench_data.Sizes.employers)
        parser.add_argument("--projects", type=int, default=bench_data.Sizes.projects)
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page first.")
        parser.add_argument(
            "--budget",
            type=float,
            default=60.0,
            help="Seconds per page after which timing stops (3 runs min).",
        )
        parser.add_argument(
            "--cached",
            action="store_true",
            help="Keep the reports' result cache on (by default every request computes its figures).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--live", action="store_true", help="Compute from the raw rows, not the rollups (the old way)."
        )
        mode.add_argument(
            "--compare", action="store_true", help="Time the pages live, then from the rollups, side by side."
        )
        mode.add_argument(
            "--compare-daily",
            action="store_true",
            help="Time the pages from the per-row rollups alone, then with their daily sums, side by side.",
        )
        parser.add_argument(
            "--explain", action="store_true", help="Print EXPLAIN ANALYZE of each page's slowest query."
        )
        parser.add_argument("--drop", action="store_true", help="Drop the benchmark database at the end.")

    def handle(
        self,
        *args,
        runs: int,
        warmup: int,
        budget: float,
        cached: bool,
        live: bool,
        compare: bool,
        compare_daily: bool,
        explain: bool,
        drop: bool,
        **options,
    ) -> None:
        sizes = bench_data.Sizes(
            students=options["students"],
            applications=options["applications"],
            employers=options["employers"],
            projects=options["projects"],
        )
        if min(sizes.students, sizes.applications, sizes.employers, sizes.projects, runs) < 1 or warmup < 0:
            raise CommandError("Sizes and --runs must be at least 1, --warmup at least 0.")
        original_name = connection.settings_dict["NAME"]
        bench_name = f"{original_name}_bench_reports"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_name
        self.say(f"Using the benchmark database {bench_name} (created and migrated when missing) …")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
        try:
            self.seed(sizes)
            self.build_rollups()
            modes = MODES["compare" if compare else "compare_daily" if compare_daily else "live" * live]
            timed = []
            for label, overrides in modes:
                self.say(f"\n== {label} ==")
                with override_settings(**overrides):
                    timed.append(self.measure(runs=runs, warmup=warmup, budget=budget, cached=cached))
                    if explain:
                        self.explain(timed[-1][1:])
            if len(timed) == 2:
                self.print_comparison(modes, *timed)
        finally:
            if drop:
                connection.creation.destroy_test_db(original_name, verbosity=0)
                self.say(f"Dropped {bench_name}.")

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def seed(self, sizes: bench_data.Sizes) -> None:
        present = bench_data.seed_present()
        if present:
            if present["students"] != sizes.students or present["applications"] > sizes.applications:
                raise CommandError(
                    f"The benchmark database holds another seed ({present['students']:,} students, "
                    f"{present['applications']:,} applications): run with --drop, then again."
                )
            self.say(
                f"Seed present: {present['students']:,} students, {present['applications']:,} applications."
            )
            return
        started = time.monotonic()
        self.say(f"Seeding {sizes.students:,} students and {sizes.applications:,} applications …")
        bench_data.seed(sizes, say=self.say)
        self.say(f"Seeded in {time.monotonic() - started:.1f} s (ANALYZE included).")

    def build_rollups(self) -> None:
        """Build the rollups when they never were (timed: the nightly rebuild's cost), else refresh them."""
        started = time.monotonic()
        if RollupState.objects.filter(rebuilt_at__isnull=False).exists():
            students, applications = rollups.rollups_refresh()
            what = "Rollups refreshed"
        else:
            students, applications = rollups.rollups_rebuild()
            what = "Rollups rebuilt in full"
        self.say(
            f"{what} in {time.monotonic() - started:.1f} s "
            f"({students:,} student rows, {applications:,} application rows written)."
        )

    def print_comparison(self, modes: list, before: list[Timing], after: list[Timing]) -> None:
        """Each page in both modes, timed in this run: p50/p95/p99 in ms and the p95 ratio."""
        self.say(f"\n== {modes[0][0]} (before) and {modes[1][0]} (after), same run ==")
        header = (
            f"{'page':<24} {'before p50':>10} {'p95':>8} {'p99':>8} {'after p50':>11} {'p95':>8} {'p99':>8}"
            f" {'p95 before/after':>16}"
        )
        self.say(header)
        self.say("-" * len(header))
        for old, new in zip(before, after, strict=True):
            old_p95, new_p95 = percentile(old.timings, 0.95), percentile(new.timings, 0.95)
            old_p50, new_p50 = percentile(old.timings, 0.5), percentile(new.timings, 0.5)
            old_p99, new_p99 = percentile(old.timings, 0.99), percentile(new.timings, 0.99)
            self.say(
                f"{old.label:<24} {old_p50:>10.1f} {old_p95:>8.1f} {old_p99:>8.1f} {new_p50:>11.1f} "
                f"{new_p95:>8.1f} {new_p99:>8.1f} {old_p95 / new_p95:>16.1f}"
            )

    def measure(self, *, runs: int, warmup: int, budget: float = 60.0, cached: bool = False) -> list[Timing]:
        """Time every page; print its row as soon as it is done, then the totals and the slowest queries.

        The reports keep their figures a few minutes (REPORTS_CACHE_SECONDS); timing cache hits would say
        nothing about a career officer's first look, so the cache is off unless `cached`."""
        load_start = os.getloadavg()
        client = Client()
        client.force_login(bench_data.staff_user())
        results: list[Timing] = []
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        cache_seconds = getattr(settings, "REPORTS_CACHE_SECONDS", 300) if cached else 0
        cache_state = (
            "the reports cache on" if cached else "the reports cache off: figures computed each time"
        )
        self.say(
            f"Timing {runs} requests per page after {warmup} untimed (at most ~{budget:g} s a page), "
            f"{cache_state} …"
        )
        # DEBUG off as in production: no query log kept, templates as a server renders them.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts, REPORTS_CACHE_SECONDS=cache_seconds):
            baseline = self.time_url("bare view (/healthz)", reverse("healthz"), client, runs, warmup, budget)
            self.print_header()
            self.print_row(baseline, baseline)
            for page in report_pages():
                try:
                    url = reverse(page.url_name)
                except NoReverseMatch:
                    self.say(f"{page.label}: no URL named {page.url_name}; skipped.")
                    continue
                timing = self.time_url(page.label, url, client, runs, warmup, budget, page.params)
                self.print_row(timing, baseline)
                results.append(timing)
        load_end = os.getloadavg()
        self.print_summary(results)
        self.say(
            f"Load average (1/5/15 min) at start {'/'.join(f'{v:.2f}' for v in load_start)}, "
            f"at end {'/'.join(f'{v:.2f}' for v in load_end)}; {os.cpu_count()} CPUs."
        )
        return [baseline, *results]

    def time_url(
        self,
        label: str,
        url: str,
        client: Client,
        runs: int,
        warmup: int,
        budget: float,
        params: dict[str, str] | None = None,
    ) -> Timing:
        """`warmup` untimed requests, one whose queries are counted, then up to `runs` timed ones (fewer, but
        at least 3, when the page is so slow that they would take more than `budget` seconds)."""
        params = params or {}
        for _ in range(warmup):
            fetch(client, url, params)
        with CaptureQueriesContext(connection) as queries:
            response = fetch(client, url, params)
        # Read the log now: the next request's start empties it (django.db.reset_queries).
        captured = list(queries.captured_queries)
        # The slowest read: on a loaded machine a SAVEPOINT can take longest, and it is nothing to EXPLAIN.
        reads = [query for query in captured if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
        slowest = max(reads, key=lambda query: float(query["time"]), default=None)
        timings: list[float] = []
        deadline = time.monotonic() + budget
        while len(timings) < runs and (len(timings) < 3 or time.monotonic() < deadline):
            started = time.perf_counter()
            fetch(client, url, params)
            timings.append((time.perf_counter() - started) * 1000)
        query_string = "&".join(f"{key}={value}" for key, value in params.items())
        return Timing(
            label=label,
            url=f"{url}?{query_string}" if query_string else url,
            status=response.status_code,
            queries=len(captured),
            timings=timings,
            slowest_query=(float(slowest["time"]) * 1000, slowest["sql"]) if slowest else None,
        )

    def print_header(self) -> None:
        columns = [("page", -24), ("status", 6), ("SQL", 4), ("runs", 4), ("p50", 8), ("p95", 8)]
        columns += [("p99", 8), ("max", 8), ("p95/bare", 9)]
        header = " ".join(f"{name:<{-w}}" if w < 0 else f"{name:>{w}}" for name, w in columns)
        self.say(header)
        self.say("-" * len(header))

    def print_row(self, timing: Timing, baseline: Timing) -> None:
        p95 = percentile(timing.timings, 0.95)
        ratio = p95 / percentile(baseline.timings, 0.95)
        self.say(
            f"{timing.label:<24} {timing.status:>6} {timing.queries:>4} {len(timing.timings):>4} "
            f"{percentile(timing.timings, 0.5):>8.1f} {p95:>8.1f} "
            f"{percentile(timing.timings, 0.99):>8.1f} {max(timing.timings):>8.1f} {ratio:>9.1f}"
        )

    def print_summary(self, results: list[Timing]) -> None:
        if not results:
            return
        worst = max(results, key=lambda t: percentile(t.timings, 0.95))
        within = sum(percentile(t.timings, 0.95) <= TARGET_MS for t in results)
        self.say(
            f"Times in ms. {within} of {len(results)} report requests within {TARGET_MS} ms at p95; "
            f"the worst is {worst.label} at {percentile(worst.timings, 0.95):.1f} ms; "
            f"mean of all report requests {statistics.fmean([v for t in results for v in t.timings]):.1f} ms."
        )
        failing = [t for t in results if t.status != 200]
        if failing:
            self.say("Not 200: " + ", ".join(f"{t.label} ({t.status})" for t in failing))
        self.say("Slowest query of each page (one request):")
        for timing in results:
            if timing.slowest_query:
                ms, sql = timing.slowest_query
                self.say(f"  {timing.label:<24} {ms:>8.1f} ms  {' '.join(sql.split())[:90]}")

    def explain(self, results: list[Timing]) -> None:
        """EXPLAIN (ANALYZE, BUFFERS) of each page's slowest query, with the settings the reports run their
        queries under (reports.selectors.common.ANALYTICAL_SETTINGS: no JIT, a larger work_mem)."""
        for timing in results:
            if not timing.slowest_query:
                continue
            ms, sql = timing.slowest_query
            self.say(f"\n--- {timing.label}: {ms:.1f} ms ---")
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)")
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                self.say("\n".join(row[0] for row in cursor.fetchall()))
