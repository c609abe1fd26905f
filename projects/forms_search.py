"""The students' project search form: every field is a GET parameter, so a search is a shareable URL.

An invalid parameter never breaks the page: the form reports it and the search runs on the valid ones
(see `ProjectSearchForm.search_filters`).
"""

import functools
import hashlib
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import django
from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString

from employers.models import Employer
from projects import skill_picker
from projects.models import SkillCategory
from projects.selectors_search import SearchSort
from projects.skill_picker import SkillPickerField

FILTER_FIELDS = [
    "skills",
    "field",
    "hours_min",
    "hours_max",
    "fee_min",
    "fee_max",
    "remote",
    "deadline_before",
    "employer",
]

# How the results' summary of ignored parameters names each field (several labels only make sense in context).
ERROR_NAMES = {
    "q": "Search",
    "sort": "Sort",
    "skills": "Skills",
    "field": "Field",
    "hours_min": "Hours (at least)",
    "hours_max": "Hours (at most)",
    "fee_min": "Fee (at least)",
    "fee_max": "Fee (at most)",
    "remote": "Remote only",
    "deadline_before": "Closes by",
    "employer": "Employer",
}


class PlainSelect(forms.Select):
    """A `<select>` written in Python instead of through Django's template per option: the employer filter
    offers hundreds of organisations, and rendering each option's template was most of the search page's
    time. The same markup as `forms.Select` (its attributes, the label's `id`, the selected option).

    The options are written once per list of choices (`_options_html`, keyed by the choices themselves, so a
    changed list is written anew) and the selected one is marked in that text."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None) -> SafeString:
        options = _options_html(tuple(_hashable(choice) for choice in self.choices))
        for selected in dict.fromkeys(self.format_value(value)):
            unmarked = f'<option value="{escape(selected)}">'
            options = options.replace(unmarked, f"{unmarked[:-1]} selected>")
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return SafeString(f'<select name="{escape(name)}"{attributes}>{options}</select>')


def _hashable(choice: tuple[Any, Any]) -> tuple[str, Any]:
    value, label = choice
    if isinstance(label, list | tuple):
        return str(value), tuple(_hashable(inner) for inner in label)
    return ("" if value is None else str(value)), str(label)


@functools.lru_cache(maxsize=64)
def _options_html(choices: tuple[tuple[str, Any], ...]) -> str:
    """The `<option>`s (and `<optgroup>`s) of `choices`, none selected."""
    parts = []
    for value, label in choices:
        if isinstance(label, tuple):
            inner = "".join(_option(inner_value, inner_label) for inner_value, inner_label in label)
            parts.append(f'<optgroup label="{escape(value)}">{inner}</optgroup>')
        else:
            parts.append(_option(value, label))
    return "".join(parts)


def _option(value: str, label: str) -> str:
    return f'<option value="{escape(value)}">{conditional_escape(label)}</option>'


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ProjectSearchForm(forms.Form):
    # How long search.html keeps a rendering of the filter fields (see `filters_cache_key`).
    FILTERS_FRAGMENT_SECONDS = 300

    q = forms.CharField(
        label="Search projects",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "e.g. dashboard, “market research”, python -django",
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    sort = forms.ChoiceField(label="Sort by", choices=SearchSort.choices, required=False, widget=PlainSelect)
    skills = SkillPickerField(label="Skills", required=False, help_text="Any of these, comma-separated.")
    field = forms.ChoiceField(
        label="Field", choices=[("", "Any field"), *SkillCategory.choices], required=False, widget=PlainSelect
    )
    hours_min = forms.IntegerField(
        label="At least",
        required=False,
        min_value=0,
        max_value=1000,
        widget=forms.NumberInput(attrs={"placeholder": "0"}),
    )
    hours_max = forms.IntegerField(
        label="At most",
        required=False,
        min_value=0,
        max_value=1000,
        widget=forms.NumberInput(attrs={"placeholder": "40"}),
    )
    fee_min = forms.DecimalField(
        label="At least", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    fee_max = forms.DecimalField(
        label="At most", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    remote = forms.BooleanField(label="Remote only", required=False)
    deadline_before = forms.DateField(
        label="Closes by",
        required=False,
        help_text="Only projects whose applications close on or before this day.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    employer = EmployerChoiceField(
        label="Employer",
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="Any employer",
        widget=PlainSelect,
        error_messages={"invalid_choice": "That employer has no open projects right now."},
    )

    def __init__(
        self,
        *args: Any,
        employers: QuerySet[Employer] | Callable[[], QuerySet[Employer]],
        employer_choices: Callable[[], list[tuple[str, str]]] | None = None,
        signed_in: bool = True,
        **kwargs: Any,
    ) -> None:
        """`employers`: the organisations the employer filter accepts (those with open projects), or a
        function giving them, called only when an employer is asked for (or to render without
        `employer_choices`): building that query took a few ms of every search page;
        `employer_choices`: a function giving the (slug, name) pairs it offers, when they are read some
        cheaper way than from `employers` (see `employer_choices_for_search`); called only to render.

        Signed out (`signed_in=False`) the skills filter is left out: its suggestions are for signed-in
        users."""
        super().__init__(*args, **kwargs)
        employer = self.fields["employer"]
        if callable(employers) and (employer_choices is None or self.data.get("employer")):
            employers = employers()
        if not callable(employers):
            employer.queryset = employers
        self._employer_choices = None
        if employer_choices is not None:
            # Read once per form: rendering asks for the choices twice (`Select.use_required_attribute` looks
            # at the first one, then the options are written), and `filters_cache_key` reads them too.
            once = self._employer_choices = functools.cache(employer_choices)
            employer.choices = lambda: [("", employer.empty_label), *once()]
        if not signed_in:
            del self.fields["skills"]

    def filters_cache_key(self) -> str:
        """A key naming everything the filter fields render from (search.html keeps their rendering under it):
        the parameters as typed, their errors, whether the skills filter is there, the employer filter's
        choices and the skills taxonomy. The choices and the taxonomy go in by content, so a changed list
        changes the key at once, and students whose lists are the same share the rendering.

        Rendering the fields (~500 employer options, every skill, each field through its templates) was
        the largest part of the search page's time; with the key it is done once per variant. Call after
        `is_valid()`; it reads the choices and the taxonomy the rendering would read (once per form)."""
        data = self.data
        typed = [
            (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name))
            for name in FILTER_FIELDS
        ]
        errors = [(name, list(self.errors.get(name, []))) for name in FILTER_FIELDS]
        skills = self.fields.get("skills")
        taxonomy = skills.widget.taxonomy() if skills is not None else None
        if self._employer_choices is not None:
            choices = self._employer_choices()
        else:
            choices = [(str(value), str(label)) for value, label in self.fields["employer"].choices]
        digest = hashlib.sha256(repr((typed, errors, taxonomy, choices)).encode()).hexdigest()
        return f"search-filters:{_rendering_version()}:{digest}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for low, high, what in (("hours_min", "hours_max", "hours"), ("fee_min", "fee_max", "fee")):
            if (
                cleaned.get(low) is not None
                and cleaned.get(high) is not None
                and cleaned[low] > cleaned[high]
            ):
                self.add_error(high, f"The most {what} must not be below the least {what}.")
        return cleaned

    def search_filters(self) -> dict[str, Any]:
        """The search's keyword arguments from the fields that are valid; call after `is_valid()`.

        Invalid fields are left out (their errors are shown), so a mistyped parameter narrows nothing."""
        data = getattr(self, "cleaned_data", {})
        employer = data.get("employer")
        return {
            "query": data.get("q") or "",
            "skills": data.get("skills") or [],
            "field": data.get("field") or None,
            "hours_min": data.get("hours_min"),
            "hours_max": data.get("hours_max"),
            "fee_min": data.get("fee_min"),
            "fee_max": data.get("fee_max"),
            "remote_only": bool(data.get("remote")),
            "deadline_before": data.get("deadline_before"),
            "employer": employer.slug if employer else None,
            "sort": data.get("sort") or SearchSort.RELEVANCE,
        }

    def ignored_errors(self) -> list[tuple[str, str]]:
        """Each error as (what it is about, the message), for a summary above the results."""
        return [
            (ERROR_NAMES.get(name, "Search"), message)
            for name, messages in self.errors.items()
            for message in messages
        ]

    def active_filters(self) -> list[tuple[str, str]]:
        """Each filter in use, in words, with the query string of this search without it (to remove it)."""
        data = getattr(self, "cleaned_data", {})
        chips: list[tuple[str, str]] = []
        for skill in data.get("skills") or []:
            others = ", ".join(other.name for other in data["skills"] if other != skill)
            chips.append((f"Skill: {skill.name}", self._query_without("skills", keep=others)))
        if data.get("field"):
            chips.append((dict(SkillCategory.choices)[data["field"]], self._query_without("field")))
        hours = _range_words(data.get("hours_min"), data.get("hours_max"), unit=" hours")
        if hours:
            chips.append((hours, self._query_without("hours_min", "hours_max")))
        fee = _range_words(data.get("fee_min"), data.get("fee_max"), unit="", prefix="Fee ")
        if fee:
            chips.append((fee, self._query_without("fee_min", "fee_max")))
        if data.get("remote"):
            chips.append(("Remote only", self._query_without("remote")))
        if data.get("deadline_before"):
            day = date_format(data["deadline_before"], "j M Y")
            chips.append((f"Closes by {day}", self._query_without("deadline_before")))
        if data.get("employer"):
            chips.append((data["employer"].name, self._query_without("employer")))
        return chips

    def clear_filters_query(self) -> str:
        """This search's text and sort, without any filter."""
        return self._query_without(*FILTER_FIELDS)

    def _query_without(self, *names: str, keep: str = "") -> str:
        """The query string of this search without the `names` parameters (nor the page number).

        With `keep`, the first name is set to `keep` instead of removed (one skill taken out of several)."""
        pairs = []
        for key, values in self.data.lists():
            if key == names[0] and keep:
                pairs.append((key, keep))
            elif key not in (*names, "page"):
                pairs.extend((key, value) for value in values if value != "")
        return urlencode(pairs)


@functools.cache
def _rendering_version() -> str:
    """What the filter fields are rendered with (this module, the skill picker, their templates, the picker's
    script, Django), as a digest made once per process: the kept renderings outlive a deploy in the shared
    cache, and one that changes any of these starts afresh instead of serving the old ones."""
    sources = [Path(module.__file__).read_bytes() for module in (sys.modules[__name__], skill_picker)]
    templates = ["projects/search.html", "partials/form_field.html", "projects/widgets/skill_picker.html"]
    sources += [get_template(name).template.source.encode() for name in templates]
    sources += [static("js/skill-picker.js").encode(), django.__version__.encode()]
    return hashlib.sha256(b"\0".join(sources)).hexdigest()[:16]


def _range_words(
    low: Decimal | int | None, high: Decimal | int | None, *, unit: str, prefix: str = ""
) -> str:
    def number(value: Decimal | int) -> str:
        return f"{value:g}" if isinstance(value, Decimal) else str(value)

    if low is not None and high is not None:
        return f"{prefix}{number(low)} to {number(high)}{unit}"
    if low is not None:
        return f"{prefix}at least {number(low)}{unit}"
    if high is not None:
        return f"{prefix}at most {number(high)}{unit}"
    return ""
