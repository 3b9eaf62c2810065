"""The `lang` facet: an archive in several languages lists them (« Langue : Français, Anglais »), a
language is chosen by its code or its French name, from the filters (`--lang`, `?lang=`) or the query
(`langue:anglais`); an archive in one language has no such facet to show. Real files, real ingestion
(the language stated or detected), real index."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from findit.cli import cli
from findit.search import Searcher
from findit.search.results import SearchRequest
from findit.settings import Settings
from findit.webapp import create_app

FRENCH = """---
title: {title}
date: 2021-0{n}-10
---

Le programme des entrepreneurs d'intérêt général accueille des équipes dans les administrations. Les
agents publics et les équipes travaillent ensemble sur les données, avec les usagers du service public.
"""

ENGLISH = """---
title: Public Interest Entrepreneurs, why, what and how
date: 2018-07-23
---

Inspired by the Presidential Innovation Fellows, the Public Interest Entrepreneurs program seeks to
inspire in return. Its ambition is to champion the digital transformation of the government, and the
memo explains why we do it, how we do it and what the teams have learnt from the program.
"""

# Stated in the front matter, whatever the words: the source's word wins over detection.
GERMAN = """---
title: Programm für digitale Talente
lang: de
date: 2019-05-02
---

Das Programm holt digitale Talente in die Verwaltung, um mit den Daten der Verwaltung zu arbeiten.
"""


def indexed(root, files: dict[str, str], new_indexer) -> Settings:
    """The files written into a corpus folder under `root`, indexed as `findit index` does."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus=corpus, index=root / "index")
    new_indexer(settings).update()
    return settings


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory, new_indexer) -> Settings:
    titles = ["Le programme EIG", "Les équipes du programme", "Un atelier sur les données"]
    files = {f"fr-{n}.md": FRENCH.format(title=title, n=n) for n, title in enumerate(titles, 1)}
    files.update({"memo-english.md": ENGLISH, "programm.md": GERMAN})
    return indexed(tmp_path_factory.mktemp("bilingual"), files, new_indexer)


def search(settings: Settings, query: str = "", **filters) -> object:
    with Searcher(settings) as s:
        return s.search(SearchRequest(query=query, filters={k: list(v) for k, v in filters.items()}))


def titles(result) -> set[str]:
    return {h.title for h in result.hits}


def test_each_language_is_a_facet_value_named_in_french(bilingual):
    result = search(bilingual)
    langs = {v.value: (v.count, v.label) for v in result.facets["lang"]}
    assert langs == {"fr": (3, "Français"), "en": (1, "Anglais"), "de": (1, "Allemand")}


@pytest.mark.parametrize("asked", ["en", "anglais", "Anglais", "EN", "anglaise", "english"])
def test_a_language_is_chosen_by_its_code_or_its_french_name(bilingual, asked):
    result = search(bilingual, lang=[asked])
    assert titles(result) == {"Public Interest Entrepreneurs, why, what and how"}
    assert not result.problems
    # The other values stay choosable, counted as if the language were not chosen.
    assert {v.value: v.count for v in result.facets["lang"]}["fr"] == 3


def test_the_query_names_a_language_as_a_field(bilingual):
    for asked in ("anglais", "english", "en"):
        assert titles(search(bilingual, f"langue:{asked}")) == {"Public Interest Entrepreneurs, why, what and how"}
    with Searcher(bilingual) as s:
        explained = s.search(SearchRequest(query="langue:anglais", explain=True)).hits[0].explain
    assert {(m["field"], m["how"]) for m in explained} == {("lang", "value")}
    assert titles(search(bilingual, "programme langue:allemand")) == {"Programm für digitale Talente"}
    # Two languages of one facet: either.
    assert len(search(bilingual, lang=["fr", "de"]).hits) == 4


def test_a_language_named_in_the_query_puts_its_documents_first(bilingual):
    # The French pages hold more of the words (programme, entrepreneurs, intérêt, général); the memo holds
    # « anglais » (its language) and « entrepreneurs ». Naming the language is what the user asks first.
    query = "note en anglais sur le programme des entrepreneurs d'intérêt général"
    result = search(bilingual, query)
    assert result.hits[0].title == "Public Interest Entrepreneurs, why, what and how"
    assert {h.title for h in result.hits[1:4]} == {
        "Le programme EIG",
        "Les équipes du programme",
        "Un atelier sur les données",
    }
    assert search(bilingual, "le programme en allemand").hits[0].title == "Programm für digitale Talente"


def test_the_page_says_why_a_language_comes_first(bilingual):
    assert search(bilingual, "le programme en anglais").message.endswith(
        "Les documents en anglais passent avant les autres."
    )
    # « en » is a French word, not the code of English; French is the archive's own language; an excluded
    # word or one searched in a field names nothing to prefer.
    for query in ("la note en bref", "le programme en français", "programme -anglais", "titre:anglais programme"):
        assert "passent avant" not in (search(bilingual, query).message or ""), query


def test_a_page_holding_every_word_stays_before_the_language(tmp_path, new_indexer):
    # The French page holds both words, far apart: widened (one full match), it still comes first.
    far = FRENCH.format(title="Le plan de formation", n=1).replace(
        "avec les usagers", "avec les usagers, et les supports de cours sont traduits en anglais"
    )
    files = {"plan.md": far, "memo.md": ENGLISH, "equipes.md": FRENCH.format(title="La formation des équipes", n=2)}
    result = search(indexed(tmp_path, files, new_indexer), "formation anglais")
    assert [h.title for h in result.hits][:2] == [
        "Le plan de formation",
        "Public Interest Entrepreneurs, why, what and how",
    ]
    assert "(après ceux qui contiennent tous les mots)" in result.message


def test_one_language_prefers_nothing(settings):
    with Searcher(settings) as s:
        assert "passent avant" not in (s.search(SearchRequest(query="numérique en anglais")).message or "")


def test_a_language_the_archive_lacks_is_refused_with_a_message(bilingual):
    result = search(bilingual, lang=["klingon"])
    assert result.total == 0
    assert any("Langue" in p and "klingon" in p for p in result.problems)


def test_a_language_only_drafts_hold_makes_no_choice(tmp_path, new_indexer):
    draft = ENGLISH.replace("---\n\n", "published: false\n---\n\n", 1)
    files = {"fr.md": FRENCH.format(title="Le programme EIG", n=1), "memo.md": draft}
    assert search(indexed(tmp_path, files, new_indexer)).facets["lang"] == []


def test_an_archive_in_one_language_shows_no_language_facet(settings):
    # The shipped corpus is French throughout: a facet of one value says nothing.
    with Searcher(settings) as s:
        result = s.search(SearchRequest(query="numérique"))
        assert result.total > 0
        assert result.facets["lang"] == []
        # Asked for anyway, the language is still listed, selected.
        chosen = s.search(SearchRequest(query="numérique", filters={"lang": ["français"]}))
    assert chosen.total == result.total
    assert [(v.value, v.selected) for v in chosen.facets["lang"]] == [("fr", True)]


def test_the_terminal_lists_and_filters_languages(bilingual):
    runner = CliRunner()
    args = ["query", "--index", str(bilingual.index)]
    listed = runner.invoke(cli, args, catch_exceptions=False, color=False)
    assert listed.exit_code == 0, listed.output
    assert "Langue : Français (3), Allemand (1), Anglais (1)" in listed.output
    chosen = runner.invoke(cli, [*args, "--lang", "anglais"], catch_exceptions=False, color=False)
    assert chosen.exit_code == 0, chosen.output
    assert "Langue : anglais → Anglais" in chosen.output  # what the value named, as the page's chips say
    assert "Public Interest Entrepreneurs" in chosen.output
    assert "Le programme EIG" not in chosen.output


def test_the_page_and_the_api_filter_by_language(bilingual):
    client = create_app({"FINDIT_SETTINGS": bilingual, "TESTING": True}).test_client()
    api = client.get("/api/search?lang=en").get_json()
    assert [h["title"] for h in api["hits"]] == ["Public Interest Entrepreneurs, why, what and how"]
    # Every document listed (no words): each language a choice, by its French name.
    page = client.get("/?q=").get_data(as_text=True)
    panel = page[page.index('data-facet="lang"') :]
    panel = panel[: panel.index("</fieldset>")]
    assert all(name in panel for name in ("Français", "Anglais", "Allemand"))
    assert 'name="lang" value="en"' in panel
