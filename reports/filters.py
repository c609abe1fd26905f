"""What a report is asked about: the university, the date range, the student and project filters.

Ranges are whole days, `start` and `end` both included, in the site's time zone. Academic terms follow the
usual calendar of our partner universities: autumn (Aug 15-Dec 31), spring (Jan 1-May 31) and summer
(Jun 1-Aug 14).
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone

from projects.models import SkillCategory
from universities.models import University

# A longer range is refused: weekly trends would no longer be readable and the queries grow with it.
MAX_RANGE_DAYS = 3 * 366


class Interval:
    WEEK = "week"
    MONTH = "month"
    CHOICES = [(WEEK, "Week"), (MONTH, "Month")]


@dataclass(frozen=True)
class Term:
    name: str
    start: dt.date
    end: dt.date

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _term_bounds(year: int) -> list[tuple[str, dt.date, dt.date]]:
    return [
        (f"Spring {year}", dt.date(year, 1, 1), dt.date(year, 5, 31)),
        (f"Summer {year}", dt.date(year, 6, 1), dt.date(year, 8, 14)),
        (f"Autumn {year}", dt.date(year, 8, 15), dt.date(year, 12, 31)),
    ]


def term_containing(day: dt.date) -> Term:
    for name, start, end in _term_bounds(day.year):
        if start <= day <= end:
            return Term(name=name, start=start, end=end)
    raise AssertionError("the terms cover the whole year")  # pragma: no cover


def recent_terms(*, today: dt.date | None = None, count: int = 4) -> list[Term]:
    """The current term and the ones before it, newest first (the shortcuts above every report)."""
    today = today or timezone.localdate()
    terms = []
    day = today
    for _ in range(count):
        term = term_containing(day)
        terms.append(term)
        day = term.start - dt.timedelta(days=1)
    return terms


@dataclass(frozen=True)
class ReportFilters:
    """The question a report answers. `university` None means every university (site staff only)."""

    university: University | None
    start: dt.date
    end: dt.date
    major: str = ""
    year: int | None = None
    field: str = ""
    interval: str = Interval.MONTH

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> dt.datetime:
        """The first instant of the range (aware, in the site's time zone)."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        """The first instant after the range (exclusive upper bound)."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    def previous(self) -> "ReportFilters":
        """The period of the same length just before this one (for the trend arrows)."""
        length = dt.timedelta(days=self.days)
        return ReportFilters(
            university=self.university,
            start=self.start - length,
            end=self.start - dt.timedelta(days=1),
            major=self.major,
            year=self.year,
            field=self.field,
            interval=self.interval,
        )

    def params(self, *, with_university: bool = True) -> dict[str, str]:
        """The GET parameters that ask for this report again (bookmarks, exports, shortcuts)."""
        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.major:
            params["major"] = self.major
        if self.year is not None:
            params["year"] = str(self.year)
        if self.field:
            params["field"] = self.field
        if self.interval != Interval.MONTH:
            params["interval"] = self.interval
        if with_university and self.university is not None:
            params["university"] = str(self.university.pk)
        return params

    def querystring(self, **overrides: str) -> str:
        params = {**self.params(), **overrides}
        return urlencode({key: value for key, value in params.items() if value != ""})

    def describe(self) -> list[tuple[str, str]]:
        """The filters as (label, value) pairs, for the page, the CSV header and the workbook's title rows."""
        pairs = [
            ("University", self.university.name if self.university else "All universities"),
            ("From", self.start.isoformat()),
            ("To", self.end.isoformat()),
        ]
        if self.major:
            pairs.append(("Major", self.major))
        if self.year is not None:
            pairs.append(("Graduation year", str(self.year)))
        if self.field:
            pairs.append(("Project field", str(dict(SkillCategory.choices).get(self.field, self.field))))
        return pairs
