"""What the benchmark commands share (`bench_matching`, `bench_search`, `bench_fanout`, `bench_reports`,
`bench_web`): they print percentiles the same way."""

from collections.abc import Iterable


def percentile(values: Iterable[float], fraction: float) -> float:
    """The value at `fraction` (0.5 for the median, 0.99 for p99) of `values`, nearest rank; 0 when empty."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
