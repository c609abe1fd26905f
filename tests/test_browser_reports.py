"""The career office's report pages in a real browser, at 1280 px and 390 px.

A career-office staff member signs in with their authenticator code and opens the reports' index and the four
reports over a small year of activity (the benchmark's seeder at a tiny size). Each page must answer 200, fit
the viewport, show its chart as an SVG followed by the table of the same figures, log no console or
Content-Security-Policy error, and offer CSV and XLSX exports that download. Full-page screenshots land in
the test's temporary directory (printed; run with `--basetemp DIR` to keep them somewhere known).
"""

import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import UserFactory, totp_code
from reports.management import bench_data
from tests.conftest import DESKTOP, PHONE
from tests.journey import h1, log_in
from universities.models import University
from universities.services import career_staff_add

pytestmark = pytest.mark.browser

REPORTS = ["funnel", "outcomes", "employers", "trends"]
TINY = bench_data.Sizes(students=120, applications=900, employers=10, projects=60)

# Every top-level chart (an <svg> not inside another) must have a <table> after it in the document.
CHARTS_WITHOUT_TABLE = """() => {
  const charts = [...document.querySelectorAll('main svg')].filter(svg => !svg.parentElement.closest('svg'));
  const tables = [...document.querySelectorAll('main table')];
  return {
    charts: charts.length,
    alone: charts.filter(svg => !tables.some(
      table => svg.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING)).length,
  };
}"""
WIDTHS = "() => [document.documentElement.scrollWidth, document.body.scrollWidth]"


def sign_in_career_staff(page, base_url: str) -> None:
    university = University.objects.get(slug=bench_data.UNIVERSITY_SLUG)
    carol = UserFactory(career_staff=True, email="carol@bench-university.edu", full_name="Carol Career")
    career_staff_add(user=carol, university=university)
    log_in(page, base_url, email=carol.email)
    expect(h1(page)).to_have_text("Two-factor authentication")
    page.get_by_label("Authenticator or recovery code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    expect(h1(page)).not_to_have_text("Two-factor authentication")


def console_error(message, problems: list[str]) -> None:
    """Console errors, CSP violations among them; the browser's own request for /favicon.ico (the site has
    none) is not the reports' business."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        problems.append(f"console: {message.text} ({message.location.get('url', '')})")


def test_career_staff_read_and_export_every_report(live_server, page, tmp_path):
    bench_data.seed(TINY, say=lambda message: None)
    problems: list[str] = []
    page.on("console", lambda message: console_error(message, problems))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    sign_in_career_staff(page, live_server.url)

    for name in ["index", *REPORTS]:
        url = f"{live_server.url}{reverse(f'reports:{name}')}"
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
        if name != "index":
            found = page.evaluate(CHARTS_WITHOUT_TABLE)
            assert found["charts"] >= 1, f"{name}: no chart"
            assert found["alone"] == 0, f"{name}: {found['alone']} chart(s) with no table after them"
            assert page.locator("main table caption").count() >= 1, f"{name}: a table without a caption"
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            widths = page.evaluate(WIDTHS)
            if max(widths) > viewport["width"]:
                problems.append(f"{name} is {max(widths)}px wide at {label}px")
            page.screenshot(path=tmp_path / f"reports-{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        if name != "index":
            download_exports(page, name, tmp_path)

    print(f"Report screenshots in {tmp_path}")
    assert not problems, "\n".join(problems)


def download_exports(page, name: str, folder) -> None:
    for fmt, magic in (("csv", None), ("xlsx", b"PK")):
        link = page.locator(f"main a[href*='format={fmt}']").first
        expect(link).to_be_visible()
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename.endswith(f".{fmt}"), download.suggested_filename
        path = folder / f"{name}.{fmt}"
        download.save_as(path)
        content = path.read_bytes()
        assert content, f"{name}: empty {fmt} export"
        if magic:
            assert content.startswith(magic)
            with zipfile.ZipFile(path) as workbook:
                assert "xl/workbook.xml" in workbook.namelist()
        else:
            header = content.decode("utf-8-sig").splitlines()[0]
            assert "," in header, f"{name}: the CSV has no header row"
