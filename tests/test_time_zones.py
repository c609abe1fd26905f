"""Time zones: one canonical zone per place in every select (grouped by area), aliases saved before read as
the zone they stand for, and the project editor's dates in the organisation's own zone, named."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from employers.models import Employer
from engagements.tests.test_project_manage_pages import editor_data
from marketplace.timezones import canonical_time_zone, time_zone_choices, time_zone_normalise
from projects.factories import ProjectFactory
from projects.models import Project
from students.tests.test_profile_pages import step_url

pytestmark = pytest.mark.django_db

ALIASES = ["US/Eastern", "US/Pacific", "Asia/Calcutta", "Europe/Kiev", "GB", "Zulu", "Etc/UTC", "Etc/GMT+5"]


def options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', html)


def selected(html: str, name: str = "time_zone") -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


# --- The list ----------------------------------------------------------------------------------------------


def test_each_place_is_offered_once_without_legacy_aliases():
    choices = time_zone_choices()
    names = [choices[0][0]] + [name for _area, zones in choices[1:] for name, _label in zones]

    assert names[0] == "UTC"
    assert 400 < len(names) < 450, len(names)
    assert len(set(names)) == len(names)
    assert not set(ALIASES) & set(names)
    assert not [
        name for name in names if name.startswith(("US/", "Etc/", "SystemV/")) or "/" not in name[1:]
    ][1:]
    assert {"Asia/Kolkata", "Europe/Kyiv", "America/New_York", "Europe/Amsterdam"} <= set(names)


def test_zones_are_grouped_by_area_and_sorted_by_place():
    groups = time_zone_choices()[1:]
    areas = [area for area, _zones in groups]
    assert areas == sorted(areas)
    assert "Europe" in areas and "America" in areas
    for area, zones in groups:
        labels = [label for _name, label in zones]
        assert labels == sorted(labels, key=str.casefold), area
        assert all(name.startswith(area + "/") for name, _label in zones)
    europe = dict(dict(groups)["Europe"])
    assert europe["Europe/Berlin"] == "Berlin — Germany"
    assert dict(dict(groups)["America"])["America/Indiana/Marengo"] == "Marengo, Indiana — United States"


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("US/Eastern", "America/New_York"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("GB", "Europe/London"),
        ("Zulu", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Europe/Paris", "Europe/Paris"),
    ],
)
def test_an_alias_is_read_as_the_zone_it_stands_for(alias, canonical):
    assert canonical_time_zone(alias) == canonical
    assert time_zone_normalise(alias) == canonical


def test_a_zone_of_no_place_is_kept_and_a_made_up_one_refused():
    assert canonical_time_zone("Etc/GMT+5") is None
    assert time_zone_normalise("Etc/GMT+5") == "Etc/GMT+5"
    assert time_zone_normalise("Mars/Olympus") is None
    assert time_zone_choices(current="Etc/GMT+5")[0] == ("Etc/GMT+5", "Etc/GMT+5")


# --- The student's select ----------------------------------------------------------------------------------


def test_the_students_select_is_the_short_grouped_list_with_a_search_script(client, signup_profile):
    client.force_login(signup_profile.user)
    html = client.get(step_url("availability")).content.decode()

    zones = options(html)
    assert len(zones) == len(set(zones)) < 450
    assert "US/Eastern" not in zones and "Asia/Calcutta" not in zones
    assert re.findall(r'<optgroup label="([^"]+)"', html) == sorted(
        re.findall(r'<optgroup label="([^"]+)"', html)
    )
    # The search box is added by a static script (strict CSP: no inline script); without it, the select.
    assert "data-zone-picker" in html
    assert re.search(r'<script src="/static/js/time-zone-search[^"]*\.js" defer></script>', html)
    assert "<script>" not in html


def test_a_students_saved_alias_shows_as_its_zone_and_saving_stores_that(client, signup_profile):
    signup_profile.time_zone = "Asia/Calcutta"
    signup_profile.save()
    client.force_login(signup_profile.user)

    html = client.get(step_url("availability")).content.decode()
    assert selected(html) == "Asia/Kolkata"
    response = client.post(
        step_url("availability"), {"weekly_hours_available": "8", "time_zone": "Asia/Kolkata"}
    )
    assert response.status_code == 302
    signup_profile.refresh_from_db()
    assert signup_profile.time_zone == "Asia/Kolkata"


def test_a_students_fixed_offset_zone_still_shows_and_is_kept(client, signup_profile):
    signup_profile.time_zone = "Etc/GMT+5"
    signup_profile.save()
    client.force_login(signup_profile.user)

    assert selected(client.get(step_url("availability")).content.decode()) == "Etc/GMT+5"
    response = client.post(
        step_url("availability"), {"weekly_hours_available": "8", "time_zone": "Etc/GMT+5"}
    )
    assert response.status_code == 302
    signup_profile.refresh_from_db()
    assert signup_profile.time_zone == "Etc/GMT+5"


def test_the_api_stores_an_alias_as_its_zone_and_refuses_a_made_up_one(api, signup_profile):
    api.force_login(signup_profile.user)
    url = reverse("api-me-profile")

    assert api.patch(url, {"time_zone": "US/Eastern"}, format="json").status_code == 200
    signup_profile.refresh_from_db()
    assert signup_profile.time_zone == "America/New_York"
    refused = api.patch(url, {"time_zone": "Mars/Olympus"}, format="json")
    assert refused.status_code == 400
    assert "time_zone" in refused.json()["errors"]


# --- The organisation's zone -------------------------------------------------------------------------------


def test_a_new_organisation_chooses_its_time_zone(client, employer_user):
    client.force_login(employer_user)
    form = client.get(reverse("employers:org_create")).content.decode()
    assert selected(form) == "UTC"
    assert "data-zone-guess" in form

    response = client.post(
        reverse("employers:org_create"),
        {"name": "Acme", "description": "", "website": "", "time_zone": "Europe/Berlin"},
    )
    assert response.status_code == 302
    assert Employer.objects.get(name="Acme").time_zone == "Europe/Berlin"


def test_an_unknown_time_zone_is_explained_on_the_form(client, employer_user):
    client.force_login(employer_user)
    response = client.post(reverse("employers:org_create"), {"name": "Acme", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Employer.objects.exists()


def test_an_organisation_saved_under_an_alias_edits_as_its_zone(client, member, employer):
    Employer.objects.filter(pk=employer.pk).update(time_zone="US/Pacific")
    client.force_login(member)
    url = reverse("employers:org_edit", args=[employer.slug])

    assert selected(client.get(url).content.decode()) == "America/Los_Angeles"
    response = client.post(url, {"name": employer.name, "time_zone": "America/Los_Angeles"})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.time_zone == "America/Los_Angeles"


# --- The project editor ------------------------------------------------------------------------------------


def _label_of(html: str, field: str) -> str:
    return re.search(rf'<label for="id_{field}">(.*?)</label>', html, re.S).group(1)


def test_the_editor_says_what_publishing_needs_instead_of_optional(client, member, employer):
    client.force_login(member)
    html = client.get(reverse("manage:create", args=["blank"])).content.decode()

    for field in ("deliverables", "application_deadline", "due_date", "fee"):
        label = _label_of(html, field)
        assert "(needed to publish)" in label, field
        assert "(optional)" not in label, field
    assert "(needed to publish on-site or hybrid work)" in _label_of(html, "location")
    assert "(optional)" in _label_of(html, "summary")


def test_the_deadline_is_typed_in_the_organisations_zone_named_and_saved_as_that_instant(
    client, member, employer
):
    employer.time_zone = "Europe/Berlin"
    employer.save()
    client.force_login(member)
    html = client.get(reverse("manage:create", args=["blank"])).content.decode()
    assert "Berlin — Germany (Europe/Berlin)" in html
    assert "UTC" not in re.search(r'id="id_application_deadline_helptext">(.*?)</div>', html, re.S).group(1)

    year = dt.date.today().year + 1
    data = editor_data(application_deadline=f"{year}-01-15T17:00", due_date=f"{year}-02-15")
    assert client.post(reverse("manage:create", args=["blank"]), data).status_code == 302
    project = Project.objects.get()
    assert project.application_deadline == dt.datetime(year, 1, 15, 16, 0, tzinfo=dt.UTC)

    edit = client.get(reverse("manage:edit", args=[project.public_id])).content.decode()
    assert f'value="{year}-01-15T17:00"' in edit
    detail = client.get(reverse("manage:detail", args=[project.public_id])).content.decode()
    assert f"15 Jan {year}, 17:00 CET" in detail


def test_summer_time_is_applied_and_a_time_the_clocks_skip_is_refused(client, member, employer):
    employer.time_zone = "Europe/Berlin"
    employer.save()
    client.force_login(member)
    year = dt.date.today().year + 1
    summer = editor_data(application_deadline=f"{year}-07-15T17:00", due_date=f"{year}-08-15")
    assert client.post(reverse("manage:create", args=["blank"]), summer).status_code == 302
    assert Project.objects.get().application_deadline == dt.datetime(year, 7, 15, 15, 0, tzinfo=dt.UTC)

    # The last Sunday of March, 02:30 does not exist in Berlin.
    march_end = dt.date(year, 3, 31)
    last_sunday = march_end - dt.timedelta(days=(march_end.weekday() + 1) % 7)
    gap = editor_data(application_deadline=f"{last_sunday}T02:30", due_date=f"{year}-04-30")
    response = client.post(reverse("manage:create", args=["blank"]), gap)
    assert response.status_code == 200
    assert (
        "Europe/Berlin" in response.content.decode() and "Nothing was saved yet" in response.content.decode()
    )
    assert Project.objects.count() == 1


def test_the_due_date_check_compares_with_the_deadlines_day_in_the_organisations_zone(employer):
    """Just after midnight in Auckland on the 10th is still the 9th in UTC: a due date of the 10th is fine."""
    from projects.selectors import project_publish_checks

    employer.time_zone = "Pacific/Auckland"
    employer.save()
    year = dt.date.today().year + 1
    deadline = dt.datetime(year, 6, 10, 0, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    project = ProjectFactory(employer=employer, application_deadline=deadline, due_date=dt.date(year, 6, 10))
    assert "due_date" not in [problem.field for problem in project_publish_checks(project=project)]
