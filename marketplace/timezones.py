"""The time zones people choose from: one canonical IANA name per place, grouped by area.

`zoneinfo.available_timezones()` lists about 600 names, a third of them aliases kept for old data:
`US/Eastern` for `America/New_York`, `Asia/Calcutta` for `Asia/Kolkata`, `GB`, `Zulu`, `Etc/GMT+5`.
People are offered only the zones of the IANA `zone.tab` (each place once, with the country it is in) and
UTC. A name saved before, or sent by an integration, that is an alias is read as the zone it stands for.
"""

from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC = "UTC"
# Aliases resolving to these are "no offset" names (Zulu, GMT, Etc/Universal): UTC for people.
_UTC_TARGETS = frozenset({"Etc/UTC", "Etc/GMT", "UTC"})
Choice = tuple[str, str]


def _tzdata_lines(name: str) -> list[str]:
    """The data lines of a file of the IANA database as the `tzdata` package ships it (comments dropped)."""
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def canonical_time_zones() -> dict[str, str]:
    """Every zone people may choose, each with its country's name ("" for UTC), in zone.tab's order."""
    countries = dict(line.split("\t")[:2] for line in _tzdata_lines("iso3166.tab"))
    known = available_timezones()
    zones = {UTC: ""}
    for line in _tzdata_lines("zone.tab"):
        code, _coordinates, name = line.split("\t")[:3]
        if name in known:
            zones[name] = countries.get(code, code)
    return zones


@cache
def _links() -> dict[str, str]:
    """Each alias of the database with the name it links to (tzdata.zi lines `L <target> <alias>`)."""
    return {
        parts[2]: parts[1]
        for parts in (line.split() for line in _tzdata_lines("tzdata.zi"))
        if parts[0] == "L" and len(parts) == 3
    }


def canonical_time_zone(name: str) -> str | None:
    """The zone from the list that ``name`` stands for: itself, the zone an alias links to, UTC for the
    no-offset names; None for a name that is no zone, or a zone of no place (`Etc/GMT+5`)."""
    zones, links = canonical_time_zones(), _links()
    seen: set[str] = set()
    while name not in zones and name in links and name not in seen:
        seen.add(name)
        name = links[name]
    if name in zones:
        return name
    return UTC if name in _UTC_TARGETS else None


def time_zone_normalise(name: str) -> str | None:
    """The name to store for a zone someone chose or sent: its canonical zone, else the name itself when it is
    still a valid zone (a fixed offset saved long ago keeps working), else None."""
    canonical = canonical_time_zone(name)
    if canonical is not None:
        return canonical
    return name if name in available_timezones() else None


def _label(name: str, country: str) -> str:
    """`Marengo, Indiana — United States` (`Anguilla` alone): the place first, so typing a city's first
    letters in the closed select finds it."""
    parts = [part.replace("_", " ") for part in name.split("/")[1:]]
    place = parts[-1]
    regions = [part for part in reversed(parts[:-1]) if part != country]
    named = ", ".join([place, *regions])
    return named if named == country else f"{named} — {country}"


@cache
def _grouped_choices() -> tuple[tuple[str, tuple[Choice, ...]], ...]:
    groups: dict[str, list[Choice]] = {}
    for name, country in canonical_time_zones().items():
        if name != UTC:
            groups.setdefault(name.split("/")[0], []).append((name, _label(name, country)))
    return tuple(
        (area, tuple(sorted(zones, key=lambda zone: zone[1].casefold())))
        for area, zones in sorted(groups.items())
    )


def time_zone_choices(*, current: str = "") -> list:
    """Choices for a select: UTC first, then one group per area (Africa, America, ...), sorted by place.

    ``current``, a saved value that is neither in the list nor an alias of a zone in it, is offered first as
    it is, so a form still shows it and saving the form unchanged keeps it.
    """
    choices: list = [(UTC, "UTC (Coordinated Universal Time)")]
    if current and canonical_time_zone(current) is None and current in available_timezones():
        choices.insert(0, (current, current.replace("_", " ")))
    return [*choices, *((area, list(zones)) for area, zones in _grouped_choices())]


def time_zone_label(name: str) -> str:
    """A zone as people read it beside a time: `Berlin — Germany (Europe/Berlin)`, or `UTC`."""
    canonical = canonical_time_zone(name) or name
    country = canonical_time_zones().get(canonical)
    if canonical == UTC or country is None:
        return canonical
    return f"{_label(canonical, country)} ({canonical})"


def zone_info(name: str) -> ZoneInfo:
    """The zone ``name`` names; UTC for an empty or unknown name (data saved before a zone was renamed)."""
    try:
        return ZoneInfo(name or UTC)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(UTC)
