"""WCAG 2.1 AA in real Chromium: an axe-core audit of each main state, a screenshot of
each (under screenshots/, git-ignored, for people to look at), and the phone width."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, SOMO, BrowserTab

pytestmark = pytest.mark.browser

SHOTS = ROOT / "screenshots"
STATES = {
    "start": "/",
    "results": "/?q=netwerken",
    "no-results": "/?q=walvisvaart",
    "document": f"/doc/{SOMO}?q=netwerken",
    "api": "/api",
    "error": "/doc/bestaat-niet",
}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def serious(results) -> list[str]:
    """Serious and critical violations, one readable line each."""
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("name", STATES)
def test_axe_finds_nothing_serious(tab, axe, name):
    page = tab.page
    page.goto(STATES[name])
    if name == "error":  # Chromium logs the page's own 404 as a console error: that one is meant
        tab.errors[:] = [e for e in tab.errors if "status of 404" not in e]
    if name == "document":
        page.get_by_role("button", name="Volgende treffer").click()  # a highlighted current hit too
    assert serious(axe.run(page, options=WCAG_AA)) == []
    shoot(page, name)


def test_axe_with_the_suggestions_open(tab, axe):
    page = tab.page
    page.goto("/")
    page.locator("#q").click()
    page.keyboard.type("samen")
    page.locator("#q-suggest [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert serious(axe.run(page, options=WCAG_AA)) == []
    shoot(page, "suggestions")


@pytest.mark.parametrize("name", ["start", "results", "document", "no-results", "api"])
def test_phone_width_has_no_horizontal_scrolling(browser, live_server, name):
    tab = BrowserTab(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = tab.page
        page.goto(STATES[name])
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] == PHONE["width"], widths
        box = page.locator("#q").bounding_box()
        assert box["width"] >= 150 and box["x"] + box["width"] <= PHONE["width"]
        shoot(page, f"phone-{name}")
    finally:
        tab.close()
    assert tab.errors == [] and tab.outside == []
