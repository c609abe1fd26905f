"""Lighthouse (tools/lighthouse, run on Debian's Chromium) scores the pages a search engine and a first
visitor see: the home page and a public project page, signed out, as a phone (Lighthouse's mobile emulation,
narrowed to 390 px) and as a desktop (its desktop preset, 1350 px). SEO must reach 95 and accessibility 100;
a failure names every audit that lost points. The full reports land in
tests/screenshots/lighthouse-<page>-<form factor>.report.html.

The tool is a Node package pinned by tools/lighthouse/package-lock.json: `npm ci --prefix tools/lighthouse`
(`make lighthouse` and .ci/run do it). Without it, or without Chromium, the test is skipped with a message.

Every SEO and accessibility audit runs as it is; none is skipped or reweighted. Serving over plain http on
127.0.0.1 makes no SEO audit fail (none of them checks the scheme or the host; the canonical link and the
sitemap line of robots.txt name the site's configured address, absolute as in production).
"""

import io
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from employers.factories import EmployerFactory
from projects.factories import ProjectFactory, SkillFactory
from tests.conftest import CHROMIUM, PHONE, SCREENSHOT_DIR

TOOL = Path(__file__).resolve().parent.parent / "tools" / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
# Lighthouse's own budget per page load is 45 s; a busy machine adds Chromium's start and the audits.
RUN_TIMEOUT_SECONDS = 120
MIN_SEO = 0.95
MIN_ACCESSIBILITY = 1.0
FORMS = ("mobile", "desktop")
# Lighthouse's mobile emulation is 412 px wide; the browser tests' phone (tests/conftest.py PHONE) is 390 px.
PHONE_FLAGS = [
    f"--screenEmulation.width={PHONE['width']}",
    f"--screenEmulation.height={PHONE['height']}",
    "--screenEmulation.deviceScaleFactor=3",
]


@dataclass(frozen=True)
class Result:
    label: str
    scores: dict[str, float]
    failing: list[str]


def _command(url: str, label: str, *, desktop: bool) -> list[str]:
    """One Lighthouse run of `url`, writing its JSON and HTML reports next to the screenshots."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=seo,accessibility",
        "--output=json",
        "--output=html",
        f"--output-path={SCREENSHOT_DIR / f'lighthouse-{label}'}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    return command + (["--preset=desktop"] if desktop else PHONE_FLAGS)


def _run_side_by_side(commands: dict[str, list[str]]) -> list[Result]:
    """Run the commands at the same time and read their reports; none outlives a failure of another."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    runs = {
        label: subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for label, command in commands.items()
    }
    try:
        return [_result(label, run) for label, run in runs.items()]
    finally:
        for run in runs.values():
            if run.poll() is None:
                run.kill()
                run.communicate()


def _result(label: str, run: subprocess.Popen) -> Result:
    try:
        _, stderr = run.communicate(timeout=RUN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Lighthouse on {label} took longer than {RUN_TIMEOUT_SECONDS} s")
    assert run.returncode == 0, f"Lighthouse on {label} failed:\n{stderr}"
    report = json.loads((SCREENSHOT_DIR / f"lighthouse-{label}.report.json").read_text())
    assert not report.get("runtimeError"), f"{label}: {report['runtimeError']}"
    return Result(
        label=label,
        # A category Lighthouse could not score (null) counts as 0.
        scores={name: category["score"] or 0.0 for name, category in report["categories"].items()},
        failing=_failing_audits(report),
    )


def _failing_audits(report: dict) -> list[str]:
    """The audits that cost points: their id, title and the first few elements they name."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] == 0 or audit["score"] is None or audit["score"] >= 1:
                continue
            items = (audit.get("details") or {}).get("items") or []
            where = [
                (item.get("node") or {}).get("snippet") or item.get("source") or item.get("href") or ""
                for item in items[:3]
            ]
            named = [snippet for snippet in where if snippet]
            lines.append(f"{category['id']}/{audit['id']}: {audit['title']}" + (f" {named}" if named else ""))
    return lines


@pytest.fixture
def public_project(settings, tmp_path):
    """An open, public project of a verified employer with a logo, skills and a screening question: what the
    home page lists and what a shared link opens."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    employer = EmployerFactory(name="Brightlane Cartography", slug="brightlane", is_verified=True)
    logo = io.BytesIO()
    Image.new("RGB", (64, 64), (39, 71, 199)).save(logo, format="PNG")
    employer.logo.save("logo.png", ContentFile(logo.getvalue()))
    project = ProjectFactory(
        employer=employer,
        published=True,
        title="Map the cycle lanes of the old town",
        summary="Walk and map the cycle lanes for our route planner.",
        description="We need every lane in the old town mapped.\n\nYou choose the route.",
        required_skills=[SkillFactory(name="GIS"), SkillFactory(name="Data cleaning")],
        nice_to_have_skills=[SkillFactory(name="Photography")],
        screening_questions=["Have you mapped anything before?"],
    )
    ProjectFactory(published=True, title="Survey the campus cafés")
    return project


@pytest.mark.browser
def test_the_home_page_and_a_public_project_page_meet_the_seo_and_accessibility_bar(
    live_server, public_project
):
    if not CHROMIUM.exists():
        pytest.skip(f"Lighthouse needs Debian's Chromium at {CHROMIUM}, which is not installed")
    if not LIGHTHOUSE.exists():
        pytest.skip("Lighthouse is not installed: npm ci --prefix tools/lighthouse")
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    pages = {
        "home": live_server.url + reverse("home"),
        "project": live_server.url + reverse("projects:detail", args=[public_project.public_id]),
    }
    # One page's two form factors at a time, each in a Chromium of its own: these scores do not depend on
    # timing (no performance category), so running side by side only saves time.
    results = []
    for name, url in pages.items():
        labels = {f"{name}-{form}": form == "desktop" for form in FORMS}
        results += _run_side_by_side(
            {label: _command(url, label, desktop=desktop) for label, desktop in labels.items()}
        )

    problems = [
        f"{result.label}: SEO {result.scores['seo']:.2f}, accessibility {result.scores['accessibility']:.2f}"
        + "".join(f"\n  {line}" for line in result.failing)
        for result in results
        if result.scores["seo"] < MIN_SEO or result.scores["accessibility"] < MIN_ACCESSIBILITY
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_home_page_describes_itself_to_search_results_without_lighthouse(client):
    """What the Lighthouse test found missing on the home page, checked where Node is not installed too."""
    html = client.get(reverse("home")).content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and 50 <= len(description.group(1)) <= 160
