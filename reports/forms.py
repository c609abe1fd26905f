"""The filter form above every report: the GET parameters of a bookmarkable report URL.

start, end (ISO dates, default: the current academic term), major, year (graduation year), field (project
field), interval (week or month, for trends), format (csv or xlsx: the export of the same report), and for
site staff only, university (a pk; empty for every university). Career staff always get their own
university: the `university` parameter is not even a field of their form, so it is ignored.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from projects.models import SkillCategory
from reports.filters import MAX_RANGE_DAYS, Interval, ReportFilters, term_containing
from universities.models import University

__all__ = ["EXPORT_FORMATS", "ReportFilters", "ReportFiltersForm"]

EXPORT_FORMATS = [("csv", "CSV"), ("xlsx", "Excel workbook")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportFiltersForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput(), input_formats=["%Y-%m-%d"])
    end = forms.DateField(label="To", widget=DateInput(), input_formats=["%Y-%m-%d"])
    major = forms.ChoiceField(label="Major", required=False)
    year = forms.IntegerField(label="Graduation year", required=False, min_value=1900, max_value=2200)
    field = forms.ChoiceField(
        label="Project field", required=False, choices=[("", "All fields"), *SkillCategory.choices]
    )
    interval = forms.ChoiceField(label="Per", required=False, choices=Interval.CHOICES)
    format = forms.ChoiceField(required=False, choices=EXPORT_FORMATS, widget=forms.HiddenInput)

    def __init__(
        self,
        data: dict,
        *,
        majors: list[str],
        may_choose_university: bool,
        today: dt.date,
        with_interval: bool = False,
        with_student_filters: bool = True,
    ) -> None:
        term = term_containing(today)
        data = data.copy()
        for key, default in (("start", term.start.isoformat()), ("end", term.end.isoformat())):
            if not data.get(key):
                data[key] = default
        if with_interval and not data.get("interval"):
            data["interval"] = Interval.MONTH
        super().__init__(data)
        major_choices = [("", "All majors"), *((major, major) for major in majors)]
        requested = data.get("major", "")
        if requested and requested not in majors:
            # A bookmarked major nobody has any more still reads: it simply matches nobody.
            major_choices.append((requested, requested))
        self.fields["major"].choices = major_choices
        if may_choose_university:
            self.fields["university"] = forms.ModelChoiceField(
                label="University",
                required=False,
                queryset=University.objects.order_by("name"),
                empty_label="All universities",
            )
        if not with_interval:
            del self.fields["interval"]
        if not with_student_filters:  # the overview's headline figures are the whole university's
            for name in ("major", "year", "field", "format"):
                del self.fields[name]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError("The end date is before the start date.", code="end_before_start")
            if (end - start).days + 1 > MAX_RANGE_DAYS:
                raise ValidationError("Choose a range of at most three years.", code="range_too_long")
        return data

    def filters(self, *, university: University | None) -> ReportFilters:
        """The filters asked for; `university` is the viewer's own (career staff) or None for site staff,
        who get the one they chose (or every university)."""
        data = self.cleaned_data
        if "university" in self.fields:
            university = data.get("university")
        return ReportFilters(
            university=university,
            start=data["start"],
            end=data["end"],
            major=data.get("major") or "",
            year=data.get("year"),
            field=data.get("field") or "",
            interval=data.get("interval") or Interval.MONTH,
        )
