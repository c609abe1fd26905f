"""What the benchmark commands share (marketplace/benchmarks.py)."""

from marketplace.benchmarks import percentile


def test_percentile_picks_the_nearest_rank_of_unsorted_values():
    values = [float(n) for n in range(100, 0, -1)]
    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 1.0) == 100.0
    assert percentile(iter([3.0]), 0.99) == 3.0


def test_percentile_of_nothing_is_zero():
    assert percentile([], 0.5) == 0.0
