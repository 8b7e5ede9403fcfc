"""The web application of `contractlens serve`, driven in a real headless Chromium.

Check a page of a shop served from 127.0.0.1 and watch the progress, read the report (grade,
quotes), see the history, upload a profile (a bad one first) and see its verdict. A screenshot
of each page goes to $CONTRACTLENS_ARTIFACTS (default ./artifacts).
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from tests.support.consent_site import TERMS, shop_routes
from tests.support.localserver import LocalServer, Response
from tests.support.serve import ServeThread
from tests.test_report_browser import artifacts_dir, browser  # noqa: F401 - the fixture is shared

pytestmark = pytest.mark.browser

MY_TERMS = """id: my-shop-terms
title: What I ask of shops
terms:
  - id: my-courts
    statement: I can take a dispute to the courts where I live.
    violated_by:
      - {kind: unfair, label: j, min_level: 2}
"""
BAD_TERMS = MY_TERMS.replace("label: j,", "label: zz,").replace("my-shop-terms", "broken")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with LocalServer() as shop, ServeThread(tmp_path_factory.mktemp("home")) as server:
        shop.routes.update(shop_routes("http://127.0.0.2:9"))
        shop.routes["/slow-terms"] = Response(200, TERMS.read_bytes(), delay=2.5)  # time to see the progress
        yield server, shop


def wait_for(driver, condition, limit: float = 60):
    deadline = time.monotonic() + limit
    from selenium.common.exceptions import WebDriverException

    while time.monotonic() < deadline:
        try:
            value = condition(driver)
        except WebDriverException:  # the page refreshed under us; look again
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting at {driver.current_url}")


def shoot(driver, name: str) -> None:
    driver.save_screenshot(str(artifacts_dir() / f"serve-{name}.png"))


def start_check(driver, server, target: str, profile: str | None = None) -> None:
    driver.get(server.base_url + "/")
    driver.find_element("id", "target").send_keys(target)
    if profile:
        driver.find_element("css selector", f"input[name=terms][value='{profile}']").click()
    driver.find_element("id", "check-button").click()


def test_check_a_page_see_progress_then_the_report(browser, app):  # noqa: F811
    server, shop = app
    browser.get(f"{server.base_url}/?token={server.token}")  # the address `serve` prints opens the session
    assert browser.current_url == server.base_url + "/"
    shoot(browser, "start")
    start_check(browser, server, shop.url("/slow-terms"), "fair-contract")
    wait_for(browser, lambda d: "/jobs/" in d.current_url)
    fetching = "Fetching " + shop.url("/slow-terms")
    wait_for(browser, lambda d: "/jobs/" in d.current_url and fetching in d.find_element("id", "progress").text, 10)
    shoot(browser, "progress")
    wait_for(browser, lambda d: "/report/" in d.current_url)
    badge = browser.find_element("css selector", "span.grade.big")
    assert badge.text == "E" and badge.is_displayed()
    assert browser.find_element("css selector", "nav.serve-nav").text.startswith("Check a site")
    assert "<body>" not in browser.find_element("tag name", "body").text
    quotes = [q.text for q in browser.find_elements("css selector", "blockquote.clause") if q.is_displayed()]
    assert any("courts of" in q or "terminate" in q.lower() for q in quotes), quotes[:3]
    drivers = browser.find_elements("css selector", "ul.drivers li")
    assert drivers and "clearly unfair" in drivers[0].text
    assert "I can take a dispute to the courts where I live." in browser.find_element("css selector", "ul.verdicts").text
    browser.set_window_size(1000, 760)  # the README's picture: the top of the report
    try:
        shoot(browser, "report")
    finally:
        browser.set_window_size(1280, 1600)


def test_history_lists_each_check_with_grade_and_date(browser, app):  # noqa: F811
    server, shop = app
    start_check(browser, server, shop.url("/cgu"))
    wait_for(browser, lambda d: "/report/" in d.current_url)
    assert browser.find_element("css selector", "span.grade.big").text.lower() == "not graded"
    browser.get(server.base_url + "/history")
    rows = browser.find_elements("css selector", "#history tbody tr")
    assert len(rows) >= 2
    newest = rows[0].text
    assert shop.url("/cgu") in newest and "?" in newest and "Not graded" in newest
    assert any(r.find_element("css selector", ".grade").text == "E" for r in rows[1:])
    shoot(browser, "history")


def test_upload_a_profile_then_see_its_verdict(browser, app, tmp_path):  # noqa: F811
    server, shop = app
    bad, good = tmp_path / "broken.yaml", tmp_path / "mine.yaml"
    bad.write_text(BAD_TERMS)
    good.write_text(MY_TERMS)
    cli = CliRunner().invoke(main, ["terms", "validate", str(bad)])
    expected_error = cli.output.strip().removeprefix("contractlens: error: ")
    assert cli.exit_code == 2 and expected_error

    browser.get(server.base_url + "/profiles")
    browser.find_element("id", "profile-file").send_keys(str(bad))
    browser.find_element("id", "upload-button").click()
    error = wait_for(browser, lambda d: d.find_elements("id", "error"))[0]
    assert error.text == expected_error  # as `terms validate` says it
    browser.find_element("id", "profile-file").send_keys(str(good))
    browser.find_element("id", "upload-button").click()
    wait_for(browser, lambda d: d.current_url.endswith("/profiles/my-shop-terms"))
    assert "I can take a dispute to the courts where I live." in browser.find_element("id", "terms").text
    shoot(browser, "profile")

    browser.find_element("link text", "Check a site against these terms").click()
    assert browser.find_element("css selector", "input[name=terms][value='my-shop-terms']").is_selected()
    browser.find_element("id", "target").send_keys(shop.url("/terms"))
    browser.find_element("id", "check-button").click()
    wait_for(browser, lambda d: "/report/" in d.current_url)
    verdict = browser.find_element("css selector", "ul.verdicts li.violated")
    assert "I can take a dispute to the courts where I live." in verdict.text and "my-shop-terms" in verdict.text
    shoot(browser, "verdict")
    browser.get(server.base_url + "/profiles")
    assert "my-shop-terms" in browser.find_element("id", "profiles").text
    shoot(browser, "profiles")


def test_a_bad_target_is_one_line_on_the_start_page(browser, app):  # noqa: F811
    server, _ = app
    start_check(browser, server, "not a site")
    error = wait_for(browser, lambda d: d.find_elements("id", "error"))[0]
    assert "is not a URL or a domain" in error.text
    assert browser.current_url == server.base_url + "/check"  # said on the start page, with the form to fix it
    assert browser.find_element("id", "target").get_attribute("value") == "not a site"


def test_check_an_uploaded_file(browser, app):  # noqa: F811
    server, _ = app
    browser.get(server.base_url + "/")
    browser.find_element("id", "file").send_keys(str(TERMS))
    browser.find_element("css selector", "input[name=terms][value='nostalking']").click()
    browser.find_element("id", "check-button").click()
    wait_for(browser, lambda d: "/report/" in d.current_url)
    assert browser.find_element("css selector", "span.grade.big").text == "E"
    assert "nostalking" in browser.find_element("css selector", "ul.verdicts").text
