"""A date written in the query, in a real browser (Debian's Chromium via Playwright, fixtures in
conftest.py): it becomes a removable chip; removing it takes its words out of the box and the filter off."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def query_of(url: str) -> list[str] | None:
    return parse_qs(urlsplit(url).query).get("q")


def count_of(page) -> int:
    text = page.locator("#compte").inner_text().replace("\u202f", "")
    match = re.match(r"(\d+) résultats?", text)
    return int(match.group(1)) if match else 0


def test_a_date_in_the_query_is_a_chip_that_removes_it(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/?q=eig")
    everything = count_of(page)
    assert everything > 0
    expect(page.locator('.chip[data-filter="date"]')).to_have_count(0)

    page.fill("#q", "eig en 2022")
    page.press("#q", "Enter")
    page.wait_for_url(lambda url: query_of(url) == ["eig en 2022"])
    chip = page.locator('.chip[data-filter="date"]')
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Date : 2022 (« en 2022 »)")
    dated = count_of(page)
    assert 0 < dated < everything
    years = page.locator('.facet[data-facet="year"] input')
    assert [years.nth(i).get_attribute("value") for i in range(years.count())] == ["2022"]

    chip.click()
    page.wait_for_url(lambda url: query_of(url) == ["eig"])
    expect(page.locator('.chip[data-filter="date"]')).to_have_count(0)
    expect(page.locator("#q")).to_have_value("eig")
    assert count_of(page) == everything
    assert errors == []
    page.close()
