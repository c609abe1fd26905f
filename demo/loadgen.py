"""The web benchmark's load generator and table (demo's `bench_web`): wrk where it is installed, else a
Python one with the same shape (keep-alive connections, each sending its next request when the last one
answered), and the table of results.

wrk's own figures are read from its `--latency` output. Its latencies leave out requests that time out, so
it runs with a timeout longer than any page takes; answers other than 2xx/3xx and socket errors are counted
and shown, since a page answering an error page fast would otherwise look good.
"""

import http.client
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from marketplace.benchmarks import percentile

TIMEOUT_SECONDS = 30
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class LoadResult:
    """One load run against one URL."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int = 0  # non-2xx/3xx answers and socket errors
    load: tuple[float, float] = (0.0, 0.0)  # the 1-minute load average before and after

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load_average() -> float:
    return os.getloadavg()[0]


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


def parse_wrk(output: str) -> LoadResult:
    """A LoadResult from wrk's output with `--latency` (its "Latency Distribution" block)."""
    percentiles = {
        int(pct): _ms(value, unit)
        for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    }
    totals = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if totals is None or 50 not in percentiles or 99 not in percentiles:
        raise ValueError(f"Not wrk --latency output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return LoadResult(
        requests=int(totals.group(1)),
        seconds=_ms(totals.group(2), totals.group(3)) / 1000,
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        errors=errors,
    )


def wrk_path() -> str | None:
    return shutil.which("wrk")


def run_wrk(url: str, *, seconds: float, connections: int, cookie: str = "", wrk: str = "wrk") -> LoadResult:
    """wrk with two threads (the machine's cores are the server's too) and `connections` connections."""
    duration = max(1, round(seconds))
    command = [wrk, "--latency", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s",
               f"--timeout={TIMEOUT_SECONDS}s"]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60)
    return parse_wrk(done.stdout)


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _worker(url: str, cookie: str, deadline: float, tally: _Tally) -> None:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    latencies, errors = [], 0
    try:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not 200 <= response.status < 400
    finally:
        connection.close()
        with tally.lock:
            tally.latencies += latencies
            tally.errors += errors


def run_python(url: str, *, seconds: float, connections: int, cookie: str = "") -> LoadResult:
    """wrk's measurement in Python threads: the client's own cost shows as a lower ceiling on fast pages
    (the bare view), which the share column then understates; it is the fallback where wrk is missing."""
    tally = _Tally()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_worker, args=(url, cookie, deadline, tally), daemon=True)
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT_SECONDS + 5)
    ordered = sorted(tally.latencies)
    return LoadResult(
        requests=len(ordered),
        seconds=time.monotonic() - started,
        p50_ms=percentile(ordered, 0.5),
        p99_ms=percentile(ordered, 0.99),
        errors=tally.errors,
    )


def measure(
    url: str, *, seconds: float, connections: int, cookie: str = "", wrk: str | None = None
) -> LoadResult:
    """One run against `url` (wrk when `wrk` is its path, else Python), with the load average around it."""
    before = load_average()
    if wrk:
        result = run_wrk(url, seconds=seconds, connections=connections, cookie=cookie, wrk=wrk)
    else:
        result = run_python(url, seconds=seconds, connections=connections, cookie=cookie)
    return LoadResult(**{**result.__dict__, "load": (before, load_average())})


def _ms_cell(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"


# A row of the table: the page's label, its run, and the runs of the bare view and of the floor beside it
# (`None`: the bare view's own row, and the bare view's row has no floor).
Row = tuple[str, LoadResult, LoadResult | None, LoadResult | None]


def _share(result: LoadResult, reference: LoadResult) -> str:
    return f"{100 * result.per_second / reference.per_second:.1f}%" if reference.per_second else "n/a"


def format_table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table: each page with its req/s, p50, p99, its shares of the bare view's
    and of the floor's req/s in the runs beside it, errors and the load average."""
    header = ["page", "req/s", "p50", "p99", "share of bare", "share of floor", "errors", "load start/end"]
    lines = [f"| {' | '.join(header)} |", f"|{'|'.join('---' for _ in header)}|"]
    for label, result, bare, floor in rows:
        cells = [
            label,
            f"{result.per_second:,.1f}",
            _ms_cell(result.p50_ms),
            _ms_cell(result.p99_ms),
            "100%" if bare is None else _share(result, bare),
            "—" if floor is None else _share(result, floor),
            f"{result.errors:,}",
            f"{result.load[0]:.2f}/{result.load[1]:.2f}",
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines)
