"""The career office's report pages in a real browser, at 1280 px and 390 px.

A career-office staff member signs in with their authenticator code and opens the reports' index and the four
reports over a small year of activity (the benchmark's seeder at a tiny size). Each page must answer 200, fit
the viewport, show its chart as an SVG followed by the table of the same figures, log no console or
Content-Security-Policy error, and offer CSV and XLSX exports that download. It also checks what a reader
sees: chart text drawn at 11 px or more on a phone and not blown up on a desktop, each table's caption above
its scrolling box (a named, focusable region that shows a shadow where it scrolls), the filters in tidy rows
(controls and button of one height, labels level), and every number written with thousands separators.
Full-page screenshots land in the test's temporary directory (printed; run with `--basetemp DIR` to keep
them somewhere known).
"""

import re
import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import UserFactory, totp_code
from reports.management import bench_data
from reports.rollups import rollups_rebuild
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

# The size at which each chart's text is drawn: its font size in user units times the SVG's scale.
CHART_TEXT_PX = """() => [...document.querySelectorAll('main svg.report-chart')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(text => parseFloat(getComputedStyle(text).fontSize) * scale);
})"""

# Every table's scrolling box and the caption written above it.
TABLE_BOXES = """() => [...document.querySelectorAll('main .report-table-wrap')].map(wrap => {
  const caption = document.getElementById(wrap.getAttribute('aria-labelledby'));
  const box = caption ? caption.getBoundingClientRect() : null;
  return {
    role: wrap.getAttribute('role'), tabindex: wrap.getAttribute('tabindex'),
    name: caption ? caption.textContent.trim() : '',
    tableCaption: (wrap.querySelector('caption') || {}).textContent || '',
    captionInside: caption ? wrap.contains(caption) : true,
    captionRight: box ? box.right : 0,
    scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
    background: getComputedStyle(wrap).backgroundImage,
  };
})"""

# The filter form's labels and controls, with where they sit.
FILTER_BOXES = """() => [...document.querySelectorAll('.report-filter-fields .report-filter')].map(cell => {
  const label = cell.querySelector('label');
  const control = cell.querySelector('input, select, button');
  const c = control.getBoundingClientRect();
  return {
    id: control.id || control.tagName, label: label ? label.getBoundingClientRect().top : null,
    top: Math.round(c.top), height: c.height, width: c.width,
  };
})"""

# Every number written in a table or a headline figure.
SHOWN_NUMBERS = """() => [...document.querySelectorAll(
  'main .report-table td.num, main .report-headline-value, main .report-trend')
].map(e => e.textContent.trim())"""
# 1,234 / 12.5 / 2,500.00 USD / 83.3% / 2.0 days / n/a, with "up from"-style words in front.
NUMBER = re.compile(r"^(.*(from|as) )?(n/a|-?\d{1,3}(,\d{3})*(\.\d{1,2})?( [A-Z]{3}|%| days?)?)$")


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
    rollups_rebuild()  # as the nightly task would, after the year of activity
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
        check_filters_line_up(page, name, problems)
        check_numbers_are_formatted(page, name, problems)
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            widths = page.evaluate(WIDTHS)
            if max(widths) > viewport["width"]:
                problems.append(f"{name} is {max(widths)}px wide at {label}px")
            check_chart_text(page, f"{name} at {label}px", problems, smallest=11 if label == "390" else 12)
            check_tables(page, f"{name} at {label}px", viewport["width"], problems)
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


def check_chart_text(page, where: str, problems: list[str], *, smallest: float) -> None:
    """Chart text stays readable on a phone and does not blow up on a desktop."""
    sizes = page.evaluate(CHART_TEXT_PX)
    if sizes and min(sizes) < smallest:
        problems.append(f"{where}: chart text drawn at {min(sizes):.1f}px")
    if sizes and max(sizes) > 19:
        problems.append(f"{where}: chart text drawn at {max(sizes):.1f}px")


def check_tables(page, where: str, width: int, problems: list[str]) -> None:
    """Each table scrolls in a focusable, named region; its caption sits outside it, within the screen; a
    table that scrolls shows a shadow at the edge it scrolls to."""
    for box in page.evaluate(TABLE_BOXES):
        if (box["role"], box["tabindex"]) != ("region", "0") or not box["name"]:
            problems.append(f"{where}: a table's scrolling box is not a named, focusable region: {box}")
        if box["captionInside"] or box["captionRight"] > width or box["tableCaption"].strip() != box["name"]:
            problems.append(f"{where}: the caption of {box['name']!r} scrolls or is cut off: {box}")
        if box["scrolls"] and "radial-gradient" not in box["background"]:
            problems.append(f"{where}: {box['name']!r} scrolls with no sign of it")


def check_filters_line_up(page, name: str, problems: list[str]) -> None:
    """At 1280 px the filters form rows: controls and the button of one height, labels of a row level, no
    control stretched across the form."""
    cells = page.evaluate(FILTER_BOXES)
    heights = {round(cell["height"]) for cell in cells}
    if max(heights) - min(heights) > 1:
        problems.append(f"{name}: filter controls of different heights {sorted(heights)}")
    widest = max(cell["width"] for cell in cells if cell["id"] != "BUTTON")
    narrowest = min(cell["width"] for cell in cells if cell["id"] != "BUTTON")
    if widest > 1.5 * narrowest:
        problems.append(f"{name}: a filter stretched to {widest:.0f}px beside {narrowest:.0f}px")
    rows: dict[int, set[float]] = {}
    for cell in cells:
        if cell["label"] is not None:
            rows.setdefault(cell["top"], set()).add(round(cell["label"]))
    if any(len(tops) > 1 for tops in rows.values()):
        problems.append(f"{name}: filter labels not level: {rows}")


def check_numbers_are_formatted(page, name: str, problems: list[str]) -> None:
    """Thousands separators, money with two decimals and its currency, at most two decimals elsewhere."""
    shown = page.evaluate(SHOWN_NUMBERS)
    odd = [text for text in shown if not NUMBER.match(text)]
    if odd:
        problems.append(f"{name}: numbers written oddly: {odd[:5]}")
