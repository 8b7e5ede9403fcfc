"""The browser extension, loaded unpacked into a real headless Chromium, against a real local server.

Chromium is started with --headless=new --load-extension=extension/ --disable-extensions-except=extension/
(selenium + chromedriver); the extension's id is read from its service worker's address. The
options page pairs it with the server (token, port); then, on a shop served from 127.0.0.1:
the badge shows the grade the server computed ("?" for a site never checked), the popup shows
the grade, drivers, violated terms and quotes, "check this site" grades a new site, the notice
appears next to the sign-up form's "I agree" checkbox, and auto-check stays off until asked.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support.consent_site import shop_routes
from tests.support.localserver import LocalServer
from tests.support.serve import ServeThread
from tests.test_report_browser import artifacts_dir, chromium_driver

pytestmark = pytest.mark.browser

EXTENSION = Path(__file__).resolve().parents[1] / "extension"
BADGE_OF = """
const [pattern, done] = arguments;
chrome.tabs.query({url: pattern}).then(async (tabs) => {
  if (!tabs.length) return done(null);
  done(await chrome.action.getBadgeText({tabId: tabs[0].id}));
});
"""


@pytest.fixture(scope="module")
def chromium_with_extension():
    flags = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--window-size=1100,900",
             f"--load-extension={EXTENSION}", f"--disable-extensions-except={EXTENSION}")
    with chromium_driver(flags) as driver:
        driver.set_script_timeout(30)
        extension_id = None
        for _ in range(100):
            targets = driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
            workers = [t["url"] for t in targets if t["url"].startswith("chrome-extension://")
                       and t["url"].endswith("/background.js")]
            if workers:
                extension_id = workers[0].split("/")[2]
                break
            time.sleep(0.1)
        if extension_id is None:
            pytest.fail("Chromium did not load the unpacked extension")
        yield driver, extension_id


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The server, a shop it has checked (grade E), and two shops it never checked."""
    with ServeThread(tmp_path_factory.mktemp("home")) as server, LocalServer() as shop, \
            LocalServer() as fresh, LocalServer() as third:
        for site in (shop, fresh, third):
            site.routes.update(shop_routes("http://127.0.0.2:9"))
        answer = server.api("POST", "/api/check", json={"target": shop.base_url.removeprefix("http://"),
                                                        "terms": ["fair-contract"]})
        assert answer.status_code == 200
        yield server, shop, fresh, third


def wait_for(condition, limit: float = 60):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("gave up waiting")


def pair(driver, extension_id, server, auto_check=False):
    driver.get(f"chrome-extension://{extension_id}/options.html")
    token = driver.find_element("id", "token")
    token.clear()
    token.send_keys(server.token)
    port = driver.find_element("id", "port")
    port.clear()
    port.send_keys(str(server.config.port))
    box = driver.find_element("id", "autoCheck")
    if box.is_selected() != auto_check:
        box.click()
    driver.find_element("id", "save").click()
    wait_for(lambda: driver.find_element("id", "status").get_attribute("data-paired") == "true", 20)


def badge_for(driver, extension_id, site) -> str:
    """Open `site` in a tab, then read its badge from an extension page in a second tab."""
    driver.switch_to.window(driver.window_handles[0])
    driver.get(site.url("/"))
    driver.switch_to.new_window("tab")
    driver.get(f"chrome-extension://{extension_id}/options.html")
    try:
        return wait_for(lambda: driver.execute_async_script(BADGE_OF, site.url("/*")), 30)
    finally:
        driver.close()
        driver.switch_to.window(driver.window_handles[0])


def test_the_extension_shows_the_server_grade_and_the_notice(chromium_with_extension, world):
    driver, extension_id = chromium_with_extension
    server, shop, fresh, third = world
    pair(driver, extension_id, server)
    assert driver.execute_script("return typeof ContractlensCore.siteOf") == "function"

    # the badge: the grade the server computed; "?" for a site never checked, and nothing checked by itself
    assert badge_for(driver, extension_id, shop) == "E"
    before = len(server.api("GET", "/api/history").json()["checks"])
    assert badge_for(driver, extension_id, fresh) == "?"
    time.sleep(1)
    assert len(server.api("GET", "/api/history").json()["checks"]) == before  # auto-check is off by default

    # the popup: grade, drivers, violated terms, first quotes, link to the full report
    shop_host = shop.base_url.removeprefix("http://")
    driver.get(f"chrome-extension://{extension_id}/popup.html?url={shop.url('/')}")
    wait_for(lambda: driver.find_element("id", "grade").text == "E", 20)
    assert driver.find_element("id", "site").text == shop_host
    assert "clearly unfair" in driver.find_element("id", "drivers").text
    assert "I can take a dispute to the courts where I live." in driver.find_element("id", "violated").text
    assert driver.find_elements("css selector", "#quotes blockquote")
    report = driver.find_element("id", "report").get_attribute("href")
    assert report.startswith(f"{server.base_url}/report/")
    driver.find_element("tag name", "body").screenshot(str(artifacts_dir() / "extension-popup.png"))
    driver.get(report)  # the link opens the app's session and lands on the report
    assert driver.current_url == report.split("?")[0]
    grades = [badge.text for badge in driver.find_elements("css selector", "span.grade.big")]
    assert sorted(grades) == ["A", "E"]  # the privacy policy and the terms; the site's grade is the worse

    # at checkout the notice goes next to the button that accepts the terms, and not by the search form
    driver.get(shop.url("/checkout"))
    notice = wait_for(lambda: driver.find_elements("css selector", ".contractlens-notice"), 20)
    assert len(notice) == 1 and notice[0].get_attribute("data-grade") == "E"
    button = driver.find_element("id", "place-order")
    assert driver.execute_script("return arguments[0].nextElementSibling === arguments[1]", button, notice[0])

    # no notice on a page without a form that asks for agreement (the home page links to the terms in its footer)
    driver.get(shop.url("/"))
    time.sleep(1)
    assert driver.find_elements("css selector", ".contractlens-notice") == []

    # the notice next to the "I agree" checkbox of the sign-up form
    driver.get(shop.url("/signup"))
    notice = wait_for(lambda: driver.find_elements("css selector", "#signup .contractlens-notice"), 20)[0]
    assert notice.get_attribute("data-grade") == "E" and "graded E" in notice.text
    label = driver.find_element("id", "agree").find_element("xpath", "./..")
    assert driver.execute_script("return arguments[0].nextElementSibling === arguments[1]", label, notice)
    assert notice.value_of_css_property("background-color") == "rgba(185, 28, 28, 1)"  # the colour of an E
    driver.find_element("id", "signup").screenshot(str(artifacts_dir() / "extension-notice.png"))


def test_check_this_site_grades_a_site_never_checked(chromium_with_extension, world):
    driver, extension_id = chromium_with_extension
    server, shop, fresh, third = world
    pair(driver, extension_id, server)
    driver.get(f"chrome-extension://{extension_id}/popup.html?url={fresh.url('/')}")
    wait_for(lambda: driver.find_element("id", "check").is_displayed(), 20)
    assert driver.find_element("id", "grade").text == "?"
    assert driver.find_element("id", "check").text == "Check this site"
    driver.find_element("id", "check").click()
    wait_for(lambda: driver.find_element("id", "grade").text == "E", 90)
    assert server.api("GET", f"/api/site/{fresh.base_url.removeprefix('http://')}").status_code == 200


def test_auto_check_when_the_person_turns_it_on(chromium_with_extension, world):
    driver, extension_id = chromium_with_extension
    server, shop, fresh, third = world
    pair(driver, extension_id, server, auto_check=True)
    try:
        driver.get(third.url("/"))
        site = third.base_url.removeprefix("http://")
        wait_for(lambda: server.api("GET", f"/api/site/{site}").status_code == 200, 90)
        assert badge_for(driver, extension_id, third) == "E"
    finally:
        pair(driver, extension_id, server, auto_check=False)
