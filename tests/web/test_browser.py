"""The page in a real browser: Debian's Chromium driven by Playwright, against waitress on a free port
(fixtures `browser` and `base_url` in conftest.py, shared with test_browser_live.py).

Never downloads a browser: skipped when /usr/bin/chromium is absent (`make browser` installs it)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def count_of(page) -> int:
    text = page.locator("#compte").inner_text().replace("\u202f", "")
    match = re.match(r"(\d+) résultats?", text)
    return int(match.group(1)) if match else 0


def test_query_facet_and_back_button(browser, base_url, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base_url + "/")
    everything = count_of(page)
    assert everything > 10

    # Type a query: the results and the address change.
    page.fill("#q", "données")
    page.press("#q", "Enter")
    page.wait_for_url(lambda url: params(url).get("q") == ["données"])
    expect(page.locator("#compte")).to_contain_text("« données »")
    after_query = count_of(page)
    assert 0 < after_query < everything
    titles_before = page.locator(".hits .hit__title").all_inner_texts()

    # Tick a facet value that narrows the results.
    items = page.locator('.facet[data-facet="kind"] .facet__item')
    target = None
    for i in range(items.count()):
        count = int(re.match(r"\d+", items.nth(i).locator(".facet__count").inner_text()).group(0))
        if 0 < count < after_query:
            target = (items.nth(i).locator("input").get_attribute("value"), count, i)
            break
    assert target, "some kind narrows the results"
    value, expected, i = target
    items.nth(i).locator("label").click()
    page.wait_for_url(lambda url: params(url).get("kind") == [value])
    # (expect, not wait_for_function: the page's policy forbids evaluating strings)
    expect(page.locator("#compte")).to_have_text(re.compile(rf"^{expected} résultat"))
    assert count_of(page) == expected
    assert params(page.url)["q"] == ["données"]
    assert page.locator(f'.facet[data-facet="kind"] input[value="{value}"]').is_checked()
    assert page.locator(".chip").count() == 1
    assert page.locator(".hits .hit__title").all_inner_texts() != titles_before
    # Focus stays on the ticked box, and the new count is announced.
    assert page.evaluate("document.activeElement.name") == "kind"
    assert page.locator("#annonce").inner_text().startswith(f"{expected} résultat")
    page.screenshot(path=str(tmp_path / "facet.png"), full_page=True)

    # Back: the unfiltered query again, box unticked.
    page.go_back()
    page.wait_for_url(lambda url: "kind" not in params(url) and params(url).get("q") == ["données"])
    expect(page.locator("#compte")).to_have_text(re.compile(rf"^{after_query} résultat"))
    assert not page.locator(f'.facet[data-facet="kind"] input[value="{value}"]').is_checked()
    assert page.locator(".chip").count() == 0
    page.screenshot(path=str(tmp_path / "back.png"), full_page=True)
    assert (tmp_path / "back.png").stat().st_size > 10_000
    assert not errors, errors
    page.close()


def test_long_facet_lists_get_a_filter_box(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base_url + "/")
    box = page.locator('.facet[data-facet="outlet"] .facet__filter input')
    assert box.count() == 1, "the sample archive has many outlets"
    assert page.locator('.facet[data-facet="outlet"] label', has_text="Filtrer la liste").count() == 1
    items = page.locator('.facet[data-facet="outlet"] .facet__item')
    total = items.count()
    box.fill("acteurs")
    visible = [items.nth(i).inner_text() for i in range(total) if items.nth(i).is_visible()]
    assert visible and len(visible) < total
    assert all("acteurs" in v.lower() for v in visible)
    box.press("Enter")  # must not submit the search
    assert "outlet" not in params(page.url)
    page.close()


def test_the_page_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    page.fill("#q", "numérique")
    page.click("#recherche button[type=submit]")
    page.wait_for_url(lambda url: params(url).get("q") == ["numérique"])
    before = count_of(page)
    first = page.locator('.facet[data-facet="year"] .facet__item').first
    year = first.locator("input").get_attribute("value")
    first.locator("label").click()
    page.click(".facets__apply")
    page.wait_for_url(lambda url: params(url).get("year") == [year])
    assert count_of(page) <= before
    assert page.locator(".chip").count() == 1
    page.locator(".chip").click()
    page.wait_for_url(lambda url: "year" not in params(url))
    assert count_of(page) == before
    context.close()


def test_skip_link_and_visible_focus(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused[0] == "Aller au contenu"
    assert focused[1] != "none"
    assert page.locator("header[role=banner]").count() == 1 and page.locator("main#contenu").count() == 1
    assert page.locator("footer[role=contentinfo]").count() == 1
    # Every form control has a label.
    unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.outerHTML)""")
    assert unlabelled == []
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(el => el.id)")
    assert len(ids) == len(set(ids)), "ids are unique"
    page.close()


def test_skip_links_keep_focus_on_their_target(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "/?q=numérique")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/static/" not in r.url else None)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller aux résultats"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("#resultats"))
    page.wait_for_function("document.activeElement && document.activeElement.id === 'resultats'")
    assert not requests, "a skip link does not reload the results"
    page.close()
