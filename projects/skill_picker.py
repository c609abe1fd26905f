"""The skills picker: one form field for choosing skills from the shared taxonomy, in any form.

Usage::

    from projects.skill_picker import SkillPickerField

    class ProfileSkillsForm(forms.Form):
        skills = SkillPickerField(label="Your skills", required=False)

    form = ProfileSkillsForm(initial={"skills": profile.skills.all()})  # Skills, a queryset or pks
    if form.is_valid():
        profile.skills.set(form.cleaned_data["skills"])  # a list of Skill, in the order typed

It works without JavaScript: the widget is a text input where skills are typed separated by commas (or
new lines or semicolons). Each entry may be a skill's name, slug or one of its synonyms, in any case, so
"js, Python3" gives JavaScript and Python. An unknown entry fails validation with a "did you mean" hint,
and the bound form re-renders the user's text unchanged. A "browse all skills" list under the input shows
the accepted names.

With JavaScript (static/js/skill-picker.js, loaded by the widget itself), the same input becomes a chip
picker with autocomplete from `projects:skill_suggest`; it still posts the same comma-separated text, so the
server side is one code path. `max_skills` bounds how many may be chosen (25 by default).

`skill_suggestions()` is the read behind the suggestions endpoint; `skills_resolve()` turns free text into
skills and is usable on its own (e.g. by an API).
"""

import difflib
import functools
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Lower
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

from projects.models import Skill, SkillCategory

SEPARATORS = re.compile(r"[,;\n]+")
SUGGESTION_LIMIT = 10


def _synonyms_text() -> Func:
    """All synonyms of a skill as one `|`-separated, `|`-framed string, for substring and prefix matching."""
    joined = Func(F("synonyms"), Value("|"), function="array_to_string", output_field=TextField())
    return Func(Value("|"), joined, Value("|"), function="concat", output_field=TextField())


def skill_suggestions(*, query: str, limit: int = SUGGESTION_LIMIT) -> list[Skill]:
    """Skills whose name or a synonym contains `query`, best first: the exact name, names starting with
    it, an exact synonym, synonyms starting with it, then the rest; alphabetical within each rank."""
    query = " ".join(query.split()).lower()
    if not query:
        return []
    rows = (
        Skill.objects.annotate(synonyms_text=_synonyms_text())
        .filter(Q(name__icontains=query) | Q(synonyms_text__contains=query))
        .annotate(
            rank=Case(
                When(name__iexact=query, then=Value(0)),
                When(name__istartswith=query, then=Value(1)),
                When(synonyms__contains=[query], then=Value(2)),
                When(synonyms_text__contains=f"|{query}", then=Value(3)),
                When(name__icontains=f" {query}", then=Value(4)),
                default=Value(5),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name")
    )
    skills = list(rows[:limit])
    for skill in skills:
        # Shown beside the name, so "pytest" explains why Automated testing is offered.
        skill.matched_synonym = (
            ""
            if query in skill.name.lower()
            else next((synonym for synonym in skill.synonyms if query in synonym.lower()), "")
        )
    return skills


def split_entries(text: str) -> list[str]:
    """The entries of a comma-separated text, trimmed, blanks dropped, duplicates (any case) removed."""
    seen: set[str] = set()
    entries = []
    for raw in SEPARATORS.split(text or ""):
        entry = " ".join(raw.split())
        if entry and entry.lower() not in seen:
            seen.add(entry.lower())
            entries.append(entry)
    return entries


def skills_resolve(entries: Iterable[str]) -> tuple[list[Skill], list[str]]:
    """The skills named by `entries` (name, slug or synonym, any case) in the order given, without
    duplicates, and the entries that name no skill."""
    entries = list(entries)
    lowered = [entry.lower() for entry in entries]
    if not lowered:
        return [], []
    candidates = Skill.objects.annotate(lower_name=Lower("name")).filter(
        Q(lower_name__in=lowered) | Q(slug__in=lowered) | Q(synonyms__overlap=lowered)
    )
    by_key: dict[str, Skill] = {}
    # Names win over slugs, slugs over synonyms, whatever order the rows come in.
    for attribute in ("synonyms", "slug", "lower_name"):
        for skill in candidates:
            keys = skill.synonyms if attribute == "synonyms" else [getattr(skill, attribute)]
            for key in keys:
                by_key[key.lower()] = skill
    found: list[Skill] = []
    unknown: list[str] = []
    for entry, key in zip(entries, lowered, strict=True):
        skill = by_key.get(key)
        if skill is None:
            unknown.append(entry)
        elif skill not in found:
            found.append(skill)
    return found, unknown


def _did_you_mean(entry: str, vocabulary: dict[str, str]) -> str | None:
    close = difflib.get_close_matches(entry.lower(), list(vocabulary), n=1, cutoff=0.7)
    return vocabulary[close[0]] if close else None


def _vocabulary() -> dict[str, str]:
    """Every accepted spelling (lower case) → the skill name to suggest."""
    vocabulary: dict[str, str] = {}
    for name, synonyms in Skill.objects.values_list("name", "synonyms"):
        for synonym in synonyms:
            vocabulary.setdefault(synonym.lower(), name)
        vocabulary[name.lower()] = name
    return vocabulary


class SkillPickerWidget(forms.TextInput):
    """A text input of comma-separated skill names that skill-picker.js turns into a chip picker."""

    template_name = "projects/widgets/skill_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, browse: bool = True) -> None:
        super().__init__(attrs)
        self.browse = browse
        self._taxonomy: tuple[tuple[str, str], ...] | None = None

    def __deepcopy__(self, memo: dict) -> "SkillPickerWidget":
        copied = super().__deepcopy__(memo)
        copied._taxonomy = None
        return copied

    def taxonomy(self) -> tuple[tuple[str, str], ...]:
        """(name, category) of every skill, read once per widget: a form's widgets are its own copies, so
        once per form (the search form's cache key reads them before the widget renders)."""
        if self._taxonomy is None:
            self._taxonomy = _browse_rows()
        return self._taxonomy

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        items = list(value)
        if items and not isinstance(items[0], Skill):
            by_pk = Skill.objects.in_bulk([item for item in items if str(item).isdigit()])
            items = [by_pk[int(item)] for item in items if str(item).isdigit() and int(item) in by_pk]
        return ", ".join(skill.name for skill in items)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "suggest_url": reverse("projects:skill_suggest"),
                "script_url": static("js/skill-picker.js"),
                "browse": _browse_html(self.taxonomy()) if self.browse else "",
            }
        )
        return context


def _browse_rows() -> tuple[tuple[str, str], ...]:
    """(name, category) of every skill, by name: one query, the list `_browse_html` is made of."""
    return tuple(Skill.objects.order_by("name").values_list("name", "category"))


@functools.lru_cache(maxsize=4)
def _browse_html(rows: tuple[tuple[str, str], ...]) -> SafeString:
    """The "see every skill" list, written once per taxonomy a process sees (keyed by the rows themselves,
    so a skill added or renamed shows at once): every page with a skills picker shows the same ~200 names,
    and running them through the template's loops took a good part of the search page's time."""
    groups: dict[str, list[str]] = {category: [] for category in SkillCategory.values}
    for name, category in rows:
        groups.setdefault(category, []).append(name)
    if not rows:
        return SafeString("")
    labels = dict(SkillCategory.choices)
    parts = ['<details class="skill-picker-browse"><summary>See every skill you can choose</summary><dl>']
    for category, names in groups.items():
        if names:
            items = "".join(f"<li>{escape(name)}</li>" for name in names)
            parts.append(
                f'<div class="skill-picker-group"><dt>{escape(labels.get(category, category))}</dt>'
                f'<dd><ul class="skill-picker-names">{items}</ul></dd></div>'
            )
    parts.append("</dl></details>")
    return SafeString("".join(parts))


class SkillPickerField(forms.Field):
    """Skills from the taxonomy, typed comma-separated (or picked as chips); cleans to a list of Skill."""

    widget = SkillPickerWidget
    default_error_messages = {
        "required": "Choose at least one skill.",
        "unknown": "“%(entry)s” is not a skill we know.",
        "unknown_suggest": "“%(entry)s” is not a skill we know. Did you mean “%(suggestion)s”?",
        "too_many": "Choose at most %(limit)s skills (you chose %(count)s).",
    }

    def __init__(self, *, max_skills: int = 25, **kwargs: Any) -> None:
        self.max_skills = max_skills
        kwargs.setdefault("help_text", "Type skills separated by commas, e.g. “Python, Excel, Copywriting”.")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Skill]:
        if value in self.empty_values:
            return []
        if isinstance(value, QuerySet):
            return list(value)
        if not isinstance(value, str):
            items = list(value)
            if all(isinstance(item, Skill) for item in items):
                return items
            value = ", ".join(str(item) for item in items)
        found, unknown = skills_resolve(split_entries(value))
        if unknown:
            vocabulary = _vocabulary()
            errors = []
            for entry in unknown:
                suggestion = _did_you_mean(entry, vocabulary)
                if suggestion:
                    errors.append(
                        ValidationError(
                            self.error_messages["unknown_suggest"],
                            code="unknown_skill",
                            params={"entry": entry, "suggestion": suggestion},
                        )
                    )
                else:
                    errors.append(
                        ValidationError(
                            self.error_messages["unknown"], code="unknown_skill", params={"entry": entry}
                        )
                    )
            raise ValidationError(errors)
        return found

    def validate(self, value: list[Skill]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_skills:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many_skills",
                params={"limit": self.max_skills, "count": len(value)},
            )

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            new = {skill.pk for skill in self.to_python(data)}
        except ValidationError:
            return True
        if initial is None:
            old: set[int] = set()
        elif isinstance(initial, str):
            try:
                old = {skill.pk for skill in self.to_python(initial)}
            except ValidationError:
                return True
        else:
            old = {item.pk if isinstance(item, Skill) else int(item) for item in initial}
        return old != new
