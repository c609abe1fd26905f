"""Working through many rows in bounded steps."""

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`, so a scan holds and sends one bounded batch at a time.

    Python 3.12's ``itertools.batched`` does this for any iterable; this one slices a sequence, so a list
    stays a list."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
