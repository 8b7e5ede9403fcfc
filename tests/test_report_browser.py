"""The HTML report rendered by a real headless Chromium: table, charts and sorting work.

Skips with the reason when Chromium, chromedriver or selenium is missing (CI installs them).
Saves a screenshot to $CONTRACTLENS_ARTIFACTS (default ./artifacts) for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from contractlens.report.html import render_comparison_html
from contractlens.scan.summary import load_comparison
from tests.test_coverage import mixed_scan  # noqa: F401 - the fixture is shared
from tests.test_report import scan_db  # noqa: F401 - the fixture is shared

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1600",
)


@contextmanager
def chromium_driver(flags=CHROMIUM_FLAGS):
    """A selenium driver for the system's Chromium with `flags`; skips the test when there is none."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    if not CHROMIUM or not os.path.exists(CHROMEDRIVER):
        pytest.skip("no headless Chromium: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="contractlens-chromium-")
    for flag in tuple(flags) + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with chromium_driver() as driver:
        yield driver


def artifacts_dir() -> Path:
    path = Path(os.environ.get("CONTRACTLENS_ARTIFACTS", "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


SIZE_OF_SVGS = """
return Array.from(document.querySelectorAll('svg.chart')).map(function (svg) {
  var box = svg.getBoundingClientRect();
  return [svg.getAttribute('class'), box.width, box.height];
});
"""
DRAWN_CELLS = """
return Array.from(document.querySelectorAll('svg.heatmap rect.cell')).filter(function (r) {
  var b = r.getBoundingClientRect(); return b.width > 0 && b.height > 0;
}).length;
"""
FIRST_COLUMN = "return Array.from(document.querySelectorAll('table.services tbody tr td:first-child')).map(c => c.innerText);"
FAILED_REQUESTS = """
return performance.getEntriesByType('resource').map(function (e) { return e.name; });
"""


def test_report_renders_in_chromium(browser, scan_db, tmp_path):  # noqa: F811
    comparison = load_comparison(scan_db)
    page = tmp_path / "report.html"
    page.write_text(render_comparison_html(comparison), encoding="utf-8")
    browser.get(page.as_uri())
    services = len(comparison.services)

    rows = browser.find_elements("css selector", "table.services tbody tr")
    assert len(rows) == services
    assert all(row.is_displayed() for row in rows)
    charts = browser.execute_script(SIZE_OF_SVGS)
    assert len(charts) == 3  # grade chart + two heat maps
    assert all(width > 50 and height > 50 for _, width, height in charts), charts
    columns = len(comparison.unfair_labels) + len(comparison.flag_labels)
    assert browser.execute_script(DRAWN_CELLS) == services * columns
    bars = browser.find_elements("css selector", "svg.grade-chart rect.bar")
    assert [b.get_attribute("data-count") for b in bars] == ["1", "1", "1", "1", "0"]
    assert browser.execute_script(FAILED_REQUESTS) == []  # nothing fetched: self-contained

    browser.save_screenshot(str(artifacts_dir() / "report.png"))

    # sorting by grade, then again for the reverse order (the JS is a nicety, not a requirement)
    grade_header = browser.find_elements("css selector", "table.services th")[1]
    grade_header.click()
    ascending = browser.execute_script(FIRST_COLUMN)
    assert ascending == ["Calm Notes", "Bistro <Books>", "Acme Cloud"]
    grade_header.click()
    assert browser.execute_script(FIRST_COLUMN) == list(reversed(ascending))


NOT_GRADED_BADGES = """
return Array.from(document.querySelectorAll('span.grade.not-graded')).filter(function (b) {
  var box = b.getBoundingClientRect(); return box.width > 0 && box.height > 0;
}).map(function (b) { return [b.innerText, b.getAttribute('title')]; });
"""


def test_not_graded_documents_show_a_badge_and_stay_out_of_the_chart_in_chromium(browser, mixed_scan, tmp_path):  # noqa: F811
    comparison = load_comparison(mixed_scan)
    page = tmp_path / "mixed.html"
    page.write_text(render_comparison_html(comparison), encoding="utf-8")
    browser.get(page.as_uri())
    bars = browser.find_elements("css selector", "svg.grade-chart rect.bar")
    counts = {b.get_attribute("data-grade"): int(b.get_attribute("data-count")) for b in bars}
    assert set(counts) == set("ABCDE") and sum(counts.values()) == 2  # two English documents, three French
    badges = browser.execute_script(NOT_GRADED_BADGES)
    assert len(badges) >= 5 and all(text.lower() == "not graded" for text, _ in badges)
    assert any(title.startswith("Not graded: contractlens does not read French") for _, title in badges)
    figure = browser.find_element("css selector", "#not-graded-count b")
    assert figure.is_displayed() and figure.text == "3"
    # ranking: sorting by grade puts the service without a grade last, both ways it is never "best"
    grade_header = browser.find_elements("css selector", "table.services th")[1]
    grade_header.click()
    assert browser.execute_script(FIRST_COLUMN)[-1] == "crepes"
    browser.save_screenshot(str(artifacts_dir() / "report-not-graded.png"))


def test_report_prints_to_pdf(browser, scan_db, tmp_path):  # noqa: F811
    """The print stylesheet yields a PDF with the charts (Chromium's own print path)."""
    import base64

    page = tmp_path / "report.html"
    page.write_text(render_comparison_html(load_comparison(scan_db)), encoding="utf-8")
    browser.get(page.as_uri())
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (artifacts_dir() / "report.pdf").write_bytes(pdf)
