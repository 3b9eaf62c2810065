"""The page's live behaviours in a real browser (fixtures `browser` and `base_url` in conftest.py): results
that follow the search box, suggestions driven by the keyboard, where focus goes after a page change, and
filters that stay on screen on a desktop. Every wait is for a condition (Playwright's expect), never a time."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from findit.webapp.views import TYPING_HEADER

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 800}


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport=DESKTOP, locale="fr-FR")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    page.close()
    assert not errors, errors


def test_results_follow_typing_and_a_stale_answer_never_replaces_a_newer_one(page, base_url):
    page.goto(base_url + "/")
    everything = page.locator("#compte").inner_text()
    # The answer to the first query is held back until a newer query has been answered and shown.
    held = []

    def searching(url: str, words: str | None = None) -> bool:
        return urlsplit(url).path == "/" and (words is None or params(url).get("q") == [words])

    def hold(route):
        if searching(route.request.url, "algorithmes"):
            held.append(route)
        else:
            route.continue_()

    page.route(searching, hold)
    page.click("#q")
    with page.expect_request(lambda r: searching(r.url, "algorithmes")) as typed:
        page.keyboard.type("algorithmes")
    assert typed.value.headers.get(TYPING_HEADER.lower()) == "1", "the query log leaves it out"
    # Typing on while the first answer is still awaited: the newer one is shown, and no Enter was pressed.
    page.fill("#q", "Etalab")
    expect(page.locator("#compte")).to_contain_text("« Etalab »")
    assert len(held) == 1, "the first query was still unanswered"
    assert page.locator("#compte").inner_text() != everything
    assert params(page.url).get("q") == ["Etalab"]
    try:
        held[0].continue_()  # the stale answer, at last (the page has cancelled it: it may go nowhere)
    except Exception:  # noqa: BLE001 - Playwright refuses to continue a request the page cancelled
        pass
    # A round trip after the release: the page still shows the newer query, the box still holds it.
    page.evaluate("fetch('/api/suggestions?q=et').then(r => r.status)")
    expect(page.locator("#compte")).to_contain_text("« Etalab »")
    assert page.input_value("#q") == "Etalab"
    assert page.evaluate("document.activeElement.id") == "q", "typing is never interrupted"
    expect(page.locator("#annonce")).to_contain_text("pour « Etalab »")


def test_suggestions_with_the_keyboard_and_announced(page, base_url):
    page.goto(base_url + "/")
    box, listbox = page.locator("#q"), page.locator("#q-suggestions")
    expect(box).to_have_attribute("role", "combobox")
    page.click("#q")
    page.keyboard.type("étal")  # accents aside: « Etalab »
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.locator("[role=option]")
    first = options.first
    expect(first).to_contain_text("Etalab")
    expect(page.locator("#annonce-suggestions")).to_contain_text("suggestion")
    label = first.locator(".suggestions__meta").inner_text()
    assert re.search(r"\d+ documents?$", label), label

    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert page.input_value("#q") == "étal", "Escape closes the list, not the search"

    page.keyboard.press("ArrowDown")  # opens the list again, on its first option
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    facet = {"Organisation": "organisation", "Intervenant·e": "speaker", "Thème": "tag"}[label.split(" · ")[0]]
    page.wait_for_url(lambda url: params(url).get(facet) == ["Etalab"])
    assert "q" not in params(page.url), "the words that named the filter left the query"
    expect(listbox).to_be_hidden()
    expect(page.locator(".chip")).to_contain_text("Etalab")
    expect(page.locator("#annonce")).to_contain_text("Filtre ajouté")
    expect(box).to_be_focused()


def test_a_new_page_of_results_brings_focus_and_view_to_the_results_heading(page, base_url):
    page.goto(base_url + "/")
    second = page.locator(".fr-pagination a[title='Page 2']")
    second.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 500, "the pager is far below the heading"
    second.click()
    page.wait_for_url(lambda url: params(url).get("page") == ["2"])
    heading = page.locator("#resultats-titre")
    expect(heading).to_be_focused()
    expect(page.locator("ol.hits")).to_have_attribute("start", "11")
    top, height = page.evaluate(
        "[document.getElementById('resultats-titre').getBoundingClientRect().top, window.innerHeight]"
    )
    assert 0 <= top < height / 2, "the heading is in view, near the top"


def test_the_affiner_heading_never_hides_the_filters_on_a_desktop(browser, base_url, page):
    page.goto(base_url + "/")
    first_facet = page.locator(".facet").first
    summary = page.locator("summary.facets__summary")
    expect(first_facet).to_be_visible()
    summary.focus()
    for key in ("Enter", " ", "Enter"):
        page.keyboard.press(key)
        expect(first_facet).to_be_visible()
    box = page.locator("#filtres-titre").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    expect(first_facet).to_be_visible()

    # On a phone the heading folds and unfolds them; widened, a folded column comes back.
    phone = browser.new_page(viewport=PHONE, locale="fr-FR")
    phone.goto(base_url + "/")
    folded = phone.locator(".facet").first
    expect(folded).to_be_hidden()
    phone.locator("summary.facets__summary").click()
    expect(folded).to_be_visible()
    phone.locator("summary.facets__summary").click()
    expect(folded).to_be_hidden()
    phone.set_viewport_size(DESKTOP)
    expect(folded).to_be_visible()
    phone.close()
