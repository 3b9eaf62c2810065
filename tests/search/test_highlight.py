"""Snippets (findit.search.highlight): the document's own words marked, other forms of a word's lemma
too, everything else escaped; long texts cut into passages; the start of the text when nothing matches.

The analyser is the schema's real body analyser over a lemma table made by spaCy from real text, as the
searcher rebuilds it from a generation's lemmas.json."""

from __future__ import annotations

import html
import re

import pytest
from whoosh import query as wq

from findit.analysis import LemmaTable
from findit.index.schema import build_schema
from findit.search.generation import Generation
from findit.search.highlight import WHOLE_TEXT_CHARS, highlight_terms, lead, positive, snippet
from findit.search.hits import MARKED_FIELDS
from findit.search.query import QueryReader
from helpers import doc

LEMMA_TEXTS = [
    doc("a", "Les algorithmes publics", "Un algorithme décide. Les algorithmes décident pour les usagers."),
    doc("b", "La mise en œuvre", "La mise en œuvre des œuvres numériques. Les données publiques ouvertes."),
]
MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.fixture(scope="module")
def table(analyser) -> LemmaTable:
    lemmas = LemmaTable()
    lemmas.update(analyser.analyse(LEMMA_TEXTS).values())
    return lemmas


@pytest.fixture(scope="module")
def body(table):
    """The body field's analyser, with the lemma table (what hits() highlights with)."""
    return build_schema(table)["body"].analyzer


def query_terms(analyzer, word: str) -> frozenset[str]:
    """The terms the query side looks for when a user types `word`."""
    return frozenset(t.text for t in analyzer(word, mode="query"))


def marked(text: str) -> list[str]:
    return MARK.findall(text)


def plain(text: str) -> str:
    """What the reader sees: marks removed, entities decoded."""
    return html.unescape(text.replace("<mark>", "").replace("</mark>", ""))


def words(passage: str) -> str:
    """A passage's text as the reader sees it, without the « … » that say where it cuts the document."""
    return plain(passage).removeprefix("… ").removesuffix(" …")


def numbered(count: int, changes: dict[int, str] | None = None) -> str:
    """A long text of distinct sentences, so that a passage tells where it was cut from."""
    changes = changes or {}
    return " ".join(
        f"Paragraphe {i} : {changes.get(i, 'le service avance par étapes avec les agents.')}" for i in range(count)
    )


# -- snippet: what is marked ------------------------------------------------------------------------------


def test_the_lemma_table_knows_the_forms_the_tests_rely_on(table):
    assert table.lookup("algorithmes")[0] == "algorithme"
    assert table.lookup("decident")[0] == table.lookup("decide")[0] == "decider"


def test_every_form_of_the_typed_words_lemma_is_marked_as_written(body):
    text = "Un algorithme décide. Les Algorithmes décident : l’algorithme d’Etalab, pas l’algorithmique."
    out = snippet([text], query_terms(body, "algorithmes"), body)
    assert marked(out) == ["algorithme", "Algorithmes", "algorithme"]
    out = snippet([text], query_terms(body, "décident"), body)
    assert marked(out) == ["décide", "décident"]


def test_words_of_the_same_stem_but_another_lemma_are_not_marked(body):
    out = snippet(["L’algorithmique n’est pas un algorithme."], query_terms(body, "algorithme"), body)
    assert marked(out) == ["algorithme"]


def test_snippet_escapes_everything_but_its_own_marks(body):
    text = "Un <mark>faux</mark> <script>alert(\"x\")</script> algorithme & l’autre «\u00a0cité\u00a0» 'là'."
    out = snippet([text], query_terms(body, "algorithme"), body)
    assert marked(out) == ["algorithme"]
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert "<" not in MARK.sub("", out), "no tag but the snippet's own <mark>"
    assert words(out) in " ".join(text.split()), "the reader sees the document's own words (blanks collapsed)"


def test_snippet_collapses_blanks(body):
    out = snippet(["Un\n\n\talgorithme   décide\r\n ici."], query_terms(body, "algorithme"), body)
    assert out.startswith("Un <mark>algorithme</mark> décide ici")


def test_the_first_text_with_a_match_gives_the_snippet(body):
    terms = query_terms(body, "algorithme")
    assert marked(snippet(["Rien ici.", "", "Un algorithme.", "Deux algorithmes."], terms, body)) == ["algorithme"]
    assert marked(snippet(["Deux algorithmes.", "Un algorithme."], terms, body)) == ["algorithmes"]


# -- snippet: long texts ------------------------------------------------------------------------------------


def test_a_long_text_is_cut_into_passages_around_its_matches(body):
    text = numbered(60, {20: "les algorithmes décident ;", 45: "un algorithme décide ;"})
    assert len(text) > 3 * WHOLE_TEXT_CHARS
    out = snippet([text], query_terms(body, "algorithmes"), body)
    assert out.startswith("… ") and out.endswith(" …"), "each passage says where it cuts the text"
    passages = out.split(" … ")
    assert len(passages) == 2
    assert marked(passages[0]) == ["algorithmes"] and "Paragraphe 20" in passages[0]
    assert marked(passages[1]) == ["algorithme"] and "Paragraphe 45" in passages[1]
    for passage in passages:
        assert len(words(passage)) <= 250
        assert words(passage) in text
    assert "Paragraphe 0 " not in out, "the passages, not the start of the text"


def test_a_passage_says_where_it_cuts_the_text_and_never_cuts_a_word(body):
    terms = query_terms(body, "algorithme")
    texts = {where: numbered(60, {where: "un algorithme ;"}) for where in (0, 30, 59)}
    passage = {where: snippet([text], terms, body, passages=1) for where, text in texts.items()}
    assert passage[0].startswith("Paragraphe 0 ") and passage[0].endswith(" …"), "the start needs no « … »"
    assert passage[59].startswith("… ") and not passage[59].endswith("…"), "nor the end"
    assert passage[30].startswith("… ") and passage[30].endswith(" …")
    for where, text in texts.items():
        first, *_, last = words(passage[where]).split()
        assert re.search(rf"(^|\s){re.escape(first)}", text), "the passage starts on a word"
        assert re.search(rf"{re.escape(last)}(\s|$)", text), "and ends on one"


def test_the_number_of_passages_is_bounded(body):
    text = numbered(60, {10: "un algorithme ;", 30: "un algorithme ;", 50: "un algorithme ;"})
    terms = query_terms(body, "algorithme")
    one = snippet([text], terms, body, passages=1)
    assert " … " not in one and marked(one) == ["algorithme"] and "Paragraphe 10" in one
    assert len(snippet([text], terms, body).split(" … ")) == 2
    assert len(snippet([text], terms, body, passages=3).split(" … ")) == 3


def test_a_match_deep_in_a_long_text_is_found(body):
    text = numbered(80, {79: "enfin les données publiques."})
    out = snippet([text], query_terms(body, "données"), body)
    assert marked(out) == ["données"] and "Paragraphe 79" in out


def test_a_word_written_with_a_ligature_is_marked_in_a_long_text(body):
    terms = query_terms(body, "oeuvre")
    assert marked(snippet(["La mise en œuvre du plan."], terms, body)) == ["œuvre"]  # a short text: whole
    text = numbered(30, {15: "la mise en œuvre du plan."})
    assert len(text) > WHOLE_TEXT_CHARS
    assert marked(snippet([text], terms, body)) == ["œuvre"]


# -- snippet: nothing to mark ---------------------------------------------------------------------------------


def test_without_a_match_the_snippet_is_the_start_of_the_first_non_empty_text(body):
    texts = ["", "   ", "Un texte <b>sans</b> rapport & sans algorithme", "Un algorithme."]
    terms = query_terms(body, "cartographie")
    assert (
        snippet(texts, terms, body)
        == lead(texts[2])
        == "Un texte &lt;b&gt;sans&lt;/b&gt; rapport &amp; sans algorithme"
    )
    assert snippet(texts, frozenset(), body) == lead(texts[2]), "no terms (a browse): the start of the text"
    long = numbered(40)
    assert snippet([long], terms, body) == lead(long)
    assert snippet(["", ""], terms, body) == ""


# -- lead -------------------------------------------------------------------------------------------------------


def test_lead_keeps_a_short_text_whole_and_escaped():
    assert lead("  Les <données>\n & les   usages ") == "Les &lt;données&gt; &amp; les usages"


def test_lead_cuts_a_long_text_at_a_word_boundary():
    text = numbered(20)
    out = lead(text, chars=100)
    assert out.endswith(" …")
    kept = out.removesuffix(" …")
    assert len(kept) <= 100
    assert text.startswith(kept) and text[len(kept)] in " ,;:.", "no word is cut in half"


def test_lead_drops_the_punctuation_before_its_ellipsis():
    text = "Premier, second; troisième: " * 20
    out = lead(text, chars=30)
    assert out.endswith(" …") and out.removesuffix(" …")[-1] not in ",;: "


def test_lead_cuts_a_text_without_blanks_at_the_limit():
    assert lead("a" * 300, chars=200) == "a" * 200 + " …"


# -- positive ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader_of_queries(table):
    return QueryReader(build_schema(table), {})


def fields_and_words(q) -> set[tuple[str, str]]:
    return {(f, t.decode() if isinstance(t, bytes) else t) for f, t in q.iter_all_terms(phrases=True)}


@pytest.mark.parametrize("query", ["cartographie -site", "cartographie SAUF site", "cartographie NOT titre:site"])
def test_positive_drops_what_the_query_excludes(reader_of_queries, query):
    q = reader_of_queries.read(query).query
    assert "site" in {t for _, t in fields_and_words(q)}
    kept = positive(q)
    assert {t for f, t in fields_and_words(kept) if f != "stems"} == {"cartographie"}
    assert kept == positive(reader_of_queries.read("cartographie").query)


def test_positive_keeps_a_query_without_exclusions(reader_of_queries):
    for query in ("algorithmes publics", '"données publiques"', "a OU b", "carto*"):
        q = reader_of_queries.read(query).query
        assert positive(q) == q, query


def test_positive_of_an_exclusion_alone_is_nothing():
    assert positive(None) is None
    assert positive(wq.Not(wq.Term("body", "site"))) is wq.NullQuery


# -- highlight_terms over a real index --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gen(small):
    opened = Generation.open(small)
    yield opened
    opened.close()


def terms_of(gen, query: str, fields=MARKED_FIELDS) -> frozenset[str]:
    return highlight_terms(gen.parser.read(query).query, gen.reader, fields)


def test_highlight_terms_expand_a_prefix_to_the_indexed_words(gen):
    terms = terms_of(gen, "carto*")
    assert "cartographie" in terms
    assert not any("*" in t for t in terms) and "carto" not in terms
    assert all(t.startswith("carto") for t in terms)


def test_highlight_terms_leave_out_excluded_words_and_unmarked_fields(gen):
    assert "site" in terms_of(gen, "cartographie site")
    assert "site" not in terms_of(gen, "cartographie -site")
    assert terms_of(gen, "-site") == frozenset()
    assert highlight_terms(None, gen.reader, MARKED_FIELDS) == frozenset()
    # Only the fields asked for: the `exact` field's form is not a term of the body.
    assert "algorithmes" in terms_of(gen, "algorithmes", ("exact",))
    assert terms_of(gen, "algorithmes", ("body",)) == {"algorithme"}


def test_a_hits_snippet_marks_the_forms_through_the_generations_own_lemma_table(gen):
    """As findit.search.hits does it: the query's terms, the stored body, the generation's body analyser."""
    terms = terms_of(gen, "algorithmes")
    analyzer = gen.schema["body"].analyzer
    text = "Les algorithmes décident. Un algorithme décide. Le service avance."
    assert marked(snippet([text], terms, analyzer)) == ["algorithmes", "algorithme"]
    terms = terms_of(gen, "carto*")
    assert marked(snippet(["Nous parlerons de Cartographie demain."], terms, analyzer)) == ["Cartographie"]


def test_function_words_are_marked_only_in_a_query_of_function_words(gen):
    # « les données de la cartographie »: « de » and « la » are in every sentence; marked, the first
    # passages of a long page would be chosen for them, not for the words that matter.
    terms = terms_of(gen, "les données de la cartographie")
    assert {"cartographie"} <= terms and not terms & {"de", "la", "le", "les"}
    analyzer = gen.schema["body"].analyzer
    filler = "Le rôle de la direction et de ses équipes est de suivre la mise en œuvre de la politique. " * 12
    text = filler + "Voici enfin la cartographie des usages."
    shown = snippet([text], terms, analyzer)
    assert "cartographie" in marked(shown), shown
    assert not {"de", "la", "Le"} & set(marked(shown))
    # A query of function words alone still marks them
    assert terms_of(gen, "de la")
