"""The skills picker: typed text (names, slugs, synonyms) becomes skills; unknown entries are named with a
hint; the suggestions endpoint answers signed-in users with a short, well-ordered list."""

import pytest
from django import forms
from django.urls import reverse

from projects.models import Skill
from projects.skill_picker import SkillPickerField, skill_suggestions

pytestmark = pytest.mark.django_db


class PickerForm(forms.Form):
    skills = SkillPickerField(label="Skills", required=False)


class RequiredPickerForm(forms.Form):
    skills = SkillPickerField(label="Skills", max_skills=2)


def names(skills) -> list[str]:
    return [skill.name for skill in skills]


def test_names_slugs_and_synonyms_are_accepted_in_any_case_in_the_order_typed():
    form = PickerForm(data={"skills": "js, PYTHON3 ; html-and-css\n  Data   visualisation "})
    assert form.is_valid(), form.errors
    assert names(form.cleaned_data["skills"])[:3] == ["JavaScript", "Python", "HTML and CSS"]
    assert len(form.cleaned_data["skills"]) == 4


def test_the_same_skill_typed_twice_counts_once():
    form = PickerForm(data={"skills": "JavaScript, js, javascript, ecmascript"})
    assert form.is_valid()
    assert names(form.cleaned_data["skills"]) == ["JavaScript"]


def test_an_empty_optional_picker_cleans_to_no_skills():
    form = PickerForm(data={"skills": " , ,"})
    assert form.is_valid()
    assert form.cleaned_data["skills"] == []


def test_a_required_picker_asks_for_a_skill_and_limits_how_many():
    assert RequiredPickerForm(data={"skills": ""}).errors["skills"] == ["Choose at least one skill."]
    errors = RequiredPickerForm(data={"skills": "Python, Excel, Go"}).errors["skills"]
    assert errors == ["Choose at most 2 skills (you chose 3)."]


def test_an_unknown_skill_is_named_with_a_suggestion_and_the_text_is_kept():
    form = PickerForm(data={"skills": "Python, Pyhton, Quantum basket weaving"})
    assert not form.is_valid()
    assert form.errors["skills"] == [
        "“Pyhton” is not a skill we know. Did you mean “Python”?",
        "“Quantum basket weaving” is not a skill we know.",
    ]
    assert 'value="Python, Pyhton, Quantum basket weaving"' in str(form["skills"])


def test_initial_skills_render_as_their_names():
    python, django = Skill.objects.get(name="Python"), Skill.objects.get(name="Django")
    as_queryset = Skill.objects.filter(pk__in=[python.pk, django.pk])
    for initial in ([python, django], as_queryset, [python.pk, django.pk]):
        html = str(PickerForm(initial={"skills": initial})["skills"])
        assert 'value="Django, Python"' in html or 'value="Python, Django"' in html


def test_the_widget_works_without_javascript_and_loads_the_enhancement():
    html = str(PickerForm()["skills"])
    assert 'type="text" name="skills"' in html
    assert "data-skill-picker" in html
    assert reverse("projects:skill_suggest") in html
    assert "js/skill-picker.js" in html
    assert "See every skill you can choose" in html and "<li>Python</li>" in html


def test_has_changed_compares_skills_not_spelling():
    python = Skill.objects.get(name="Python")
    form = PickerForm(initial={"skills": [python]}, data={"skills": "python3"})
    assert not form.has_changed()
    form = PickerForm(initial={"skills": [python]}, data={"skills": "Python, Go"})
    assert form.has_changed()


def test_suggestions_put_the_exact_name_then_prefixes_first():
    assert names(skill_suggestions(query="java"))[:2] == ["Java", "JavaScript"]
    assert names(skill_suggestions(query="JS"))[0] == "JavaScript"  # an exact synonym
    assert len(skill_suggestions(query="a")) == 10
    assert skill_suggestions(query="   ") == []


def test_suggest_endpoint_answers_a_signed_in_user_with_options(client, employer_user):
    client.force_login(employer_user)
    response = client.get(reverse("projects:skill_suggest"), {"q": "golang"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="option"' in content and 'data-skill="Go"' in content
    assert content.count('role="option"') == 1


def test_suggest_endpoint_says_when_nothing_matches(client, student):
    client.force_login(student)
    content = client.get(reverse("projects:skill_suggest"), {"q": "zzzzqx"}).content.decode()
    assert "No skill matches “zzzzqx”." in content
    assert "data-skill=" not in content


def test_suggest_endpoint_sends_the_anonymous_to_the_login_page(client):
    response = client.get(reverse("projects:skill_suggest"), {"q": "py"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_suggestion_found_by_a_synonym_shows_that_synonym(client, student):
    client.force_login(student)
    content = client.get(reverse("projects:skill_suggest"), {"q": "pytest"}).content.decode()
    assert 'data-skill="Automated testing"' in content
    assert '<span class="skill-option-synonyms">pytest</span>' in content


def test_the_browse_list_is_written_once_and_shows_a_new_or_renamed_skill_at_once():
    html = str(PickerForm()["skills"])
    assert "<dt>Software &amp; engineering</dt>" in html
    assert html.count("<li>Python</li>") == 1

    Skill.objects.create(name="Tcl & Tk <8>", slug="tcl-tk", category="software")
    Skill.objects.filter(name="Python").update(name="Python 3")
    html = str(PickerForm()["skills"])

    assert "<li>Tcl &amp; Tk &lt;8&gt;</li>" in html
    assert "<li>Python 3</li>" in html and "<li>Python</li>" not in html


def test_the_browse_list_is_the_templates_markup():
    """The same markup as the template loop it replaces: groups in category order, names by name."""
    html = str(PickerForm()["skills"])
    browse = html[html.index('<details class="skill-picker-browse">') : html.index("</details>")]
    assert browse.startswith(
        '<details class="skill-picker-browse"><summary>See every skill you can choose</summary><dl>'
        '<div class="skill-picker-group"><dt>Software &amp; engineering</dt>'
        '<dd><ul class="skill-picker-names"><li>'
    )
    first_group = browse.split("</ul>")[0]
    names = [item.removesuffix("</li>") for item in first_group.split("<li>")[1:]]
    assert names == sorted(Skill.objects.filter(category="software").values_list("name", flat=True))
