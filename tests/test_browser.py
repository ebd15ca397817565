"""End to end in headless Chromium: what a person does with keyboard and mouse.

Every test runs in the `tab` fixture, which fails the test on any console
error (CSP violations included) and on any request that leaves the server.
"""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import SOMO, BrowserTab
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNT_RE = re.compile(r"^\d+ resultaten? \(\d+,\d\d s\)")


def status_text(page) -> str:
    return " ".join(page.locator("#status").inner_text().split())


def query_of(url: str) -> str:
    return parse_qs(urlparse(url).query).get("q", [""])[0]


def test_type_a_query_and_see_highlighted_results(tab):
    page = tab.page
    page.goto("/")
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("netwerken")
    with page.expect_navigation():  # no suggestion chosen: Enter submits what was typed
        page.keyboard.press("Enter")
    assert query_of(page.url) == "netwerken"
    assert COUNT_RE.match(status_text(page)) and status_text(page).startswith("2 resultaten")
    assert page.locator("#status").get_attribute("aria-live") == "polite"
    assert page.title() == "netwerken – 2 resultaten – zoek"
    # the count is said again in a live region that was empty at load, so it is announced
    assert page.locator("#announce").get_attribute("aria-live") == "polite"
    expect(page.locator("#announce")).to_have_text(status_text(page))
    assert page.locator(".results .snippet mark").count() >= 3
    assert page.locator(".results h2 a").first.get_attribute("href") == f"/doc/{SOMO}?q=netwerken"


def test_slash_types_a_slash_inside_the_box(tab):
    page = tab.page
    page.goto("/")
    page.locator("#q").click()
    page.keyboard.type("a/b")
    assert page.locator("#q").input_value() == "a/b"


def test_go_to_page_two(tab):
    page = tab.page
    page.goto("/?q=netwerk+OR+loon+OR+oeganda&per_page=1")
    first = page.locator(".results h2").inner_text()
    assert "Pagina 1 van 3" in page.locator(".pagination").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Volgende →").click()
    assert "page=2" in page.url and "Pagina 2 van 3" in page.locator(".pagination").inner_text()
    assert page.locator(".results h2").inner_text() != first
    assert page.locator("ol.results").get_attribute("start") == "2"


def test_open_a_document_and_walk_its_hits(tab):
    page = tab.page
    page.goto("/?q=netwerken")
    with page.expect_navigation():
        page.locator(".results h2 a").first.click()
    assert urlparse(page.url).path == f"/doc/{SOMO}"
    marks = page.locator(".document .body mark")
    total = marks.count()
    assert total >= 10 and f"{total} treffers" in page.locator("#hitcount").inner_text()
    page.get_by_role("button", name="Volgende treffer").click()
    assert page.locator("#hitpos").inner_text() == f"treffer 1 van {total}"
    page.locator("body").press("n")
    page.locator("body").press("n")
    assert page.locator("#hitpos").inner_text() == f"treffer 3 van {total}"
    assert marks.nth(2).get_attribute("class") == "current"
    assert marks.nth(2).is_visible() and in_viewport(page, marks.nth(2))
    page.locator("body").press("p")
    assert page.locator("#hitpos").inner_text() == f"treffer 2 van {total}"
    page.get_by_role("button", name="Vorige treffer").click()
    page.get_by_role("button", name="Vorige treffer").click()  # wraps around to the last hit
    assert page.locator("#hitpos").inner_text() == f"treffer {total} van {total}"
    assert page.locator(".document .body mark.current").count() == 1


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height


MISSPELLED = ["kinderarbied", "netwerkn", "coordineeren", "oegnda", "duurzaamheit"]


def test_follow_a_did_you_mean_link(tab):
    page = tab.page
    found = None
    for q in MISSPELLED:
        suggestion = page.request.get("/api/search", params={"q": q}).json()["suggestion"]
        if suggestion:
            found = (q, suggestion)
            break
    assert found is not None, f"the API suggests nothing for any of {MISSPELLED}"
    q, suggestion = found
    page.goto(f"/?q={q}")
    link = page.locator(".suggestion a")
    assert page.locator(".suggestion").inner_text().startswith("Bedoelde u")
    assert link.inner_text() == suggestion
    with page.expect_navigation():
        link.click()
    assert query_of(page.url) == suggestion and page.locator("#q").input_value() == suggestion


def test_did_you_mean_link_in_the_browser(browser, app, monkeypatch):
    """The rendering path, whatever the suggestion engine knows today: the app runs
    in-process with a suggestion added, and the browser's requests are answered by it."""
    from indexer.search import core
    real = core.search

    def search(searcher, text, **kwargs):
        result = real(searcher, text, **kwargs)
        result.suggestion = "netwerken" if text == "netwerkn" else None
        return result
    monkeypatch.setattr(core, "search", search)  # the search service looks it up on each call
    client = app.test_client()

    def answer(route):
        url = urlparse(route.request.url)
        with client.get(url.path, query_string=url.query) as r:
            route.fulfill(status=r.status_code, headers=dict(r.headers), body=r.get_data())

    tab = BrowserTab(browser, "http://zoek.test")
    try:
        tab.context.route("http://zoek.test/**", answer)
        page = tab.page
        page.goto("/?q=netwerkn")
        assert " ".join(page.locator(".suggestion").inner_text().split()) == "Bedoelde u netwerken?"
        with page.expect_navigation():
            page.get_by_role("link", name="netwerken", exact=True).click()
        assert query_of(page.url) == "netwerken" and status_text(page).startswith("2 resultaten")
        assert page.locator(".suggestion").count() == 0
    finally:
        tab.close()
    assert tab.errors == [] and tab.outside == []


def open_suggestions(page, text: str):
    page.goto("/")
    page.locator("#q").click()
    page.keyboard.type(text)
    page.locator("#q-suggest [role=option]").first.wait_for()
    assert page.locator("#q").get_attribute("aria-expanded") == "true"


def test_suggestions_with_the_keyboard(tab):
    page = tab.page
    box = page.locator("#q")
    open_suggestions(page, "netw")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-controls") == "q-suggest"
    assert page.locator("#q-suggest").get_attribute("role") == "listbox"
    options = page.locator("#q-suggest [role=option]")
    assert options.count() >= 2
    assert all(t.startswith("netw") for t in options.all_inner_texts())
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    page.keyboard.press("Escape")
    assert page.locator("#q-suggest").is_hidden()
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "netw"  # Escape closes the list, it does not change the text
    page.keyboard.press("ArrowDown")  # reopens at the first suggestion
    chosen = options.nth(0).inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page.url) == chosen and box.input_value() == chosen
    assert COUNT_RE.match(status_text(page))


def test_suggestions_complete_the_last_word(tab):
    page = tab.page
    open_suggestions(page, "leefbaar lo")
    texts = page.locator("#q-suggest [role=option]").all_inner_texts()
    assert "leefbaar loon" in texts


def test_click_a_title_suggestion_opens_the_document(tab):
    page = tab.page
    open_suggestions(page, "samen")
    title = page.locator("#q-suggest [role=option]", has_text="SOMO faciliteert")
    with page.expect_navigation():
        title.click()
    assert urlparse(page.url).path == f"/doc/{SOMO}"


def test_suggestions_close_when_focus_leaves(tab):
    page = tab.page
    open_suggestions(page, "netw")
    page.keyboard.press("Tab")
    assert page.locator("#q-suggest").is_hidden()
    assert page.locator("#q").get_attribute("aria-expanded") == "false"


def test_skip_link_is_first_and_visible_on_focus(tab):
    page = tab.page
    page.goto("/?q=netwerken")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert in_viewport(page, skip)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible_on_every_control(tab):
    page = tab.page
    page.goto(f"/doc/{SOMO}?q=netwerken")
    for _ in range(8):
        page.keyboard.press("Tab")
        style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                              " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()")
        assert style[1] != "none" and style[2] != "0px", style


def test_the_page_works_without_javascript(browser, live_server):
    tab = BrowserTab(browser, live_server.url, java_script_enabled=False)
    try:
        page = tab.page
        page.goto("/")
        page.locator("#q").fill("netwerken")
        with page.expect_navigation():
            page.get_by_role("button", name="Zoeken").click()
        assert status_text(page).startswith("2 resultaten")
        assert page.locator("#q").get_attribute("role") is None  # no combobox without its script
        page.goto(f"/doc/{SOMO}?q=netwerken")
        assert page.locator(".document .body mark").count() >= 10
        assert page.locator(".hitnav").is_hidden()  # its buttons would do nothing
    finally:
        tab.close()
    assert tab.errors == [] and tab.outside == []


def test_why_this_result_opens_on_request(tab):
    page = tab.page
    page.goto("/?q=arbeid")
    why = page.locator(".result .why").first
    reasons = why.locator("li")
    assert why.get_attribute("open") is None and not reasons.first.is_visible()
    why.locator("summary").focus()
    page.keyboard.press("Enter")  # a <details> opens from the keyboard, without script
    assert why.get_attribute("open") == "" and reasons.first.is_visible()
    assert re.fullmatch(r"\w*arbeid\w* is een samenstelling met arbeid", reasons.first.inner_text())


def test_a_phrase_is_one_hit_in_the_document_view(tab):
    page = tab.page
    page.goto(f'/doc/{SOMO}?q="maatschappelijk verantwoord ondernemen"')
    marks = page.locator(".document .body mark")
    marked = {" ".join(m.lower().split()) for m in marks.all_inner_texts()}
    assert marked == {"maatschappelijk verantwoord ondernemen", "mvo"}  # the phrase, and its synonym
    page.locator("body").press("n")
    assert page.locator("#hitpos").inner_text() == f"treffer 1 van {marks.count()}"


@pytest.mark.parametrize("path", ["/", "/?q=netwerken", "/?q=qqqxyzzy", f"/doc/{SOMO}?q=netwerken",
                                  "/api/search?q=netwerken", "/api", "/healthz"])
def test_no_console_error_on_any_page(tab, path):
    """The favicon is linked (and /favicon.ico answers for pages without the link, JSON)."""
    response = tab.page.goto(path)
    assert response.status == 200
    tab.page.wait_for_load_state("networkidle")
