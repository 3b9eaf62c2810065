"""Long texts are read in pieces of bounded size, cut where a paragraph or a sentence ends, with every
offset kept; documents are analysed in chunks bounded by characters; and while the language model
loads, whoever shows progress is told (benchmarks/bench_memory.py measures what this saves)."""

from __future__ import annotations

import pytest

from findit.analysis import Analyser, Lemmatizer
from findit.analysis.french import WORD, tokenise
from findit.analysis.lemmatizer import pieces
from findit.index import CACHE, Indexer
from findit.index.commit import chunked
from findit.text import normalise_apostrophes
from helpers import doc

PARAGRAPH = (
    "Les agents publics ont présenté leurs ateliers de médiation numérique. "
    "Mme Claire Dupont, de la Direction interministérielle du numérique, a évoqué les données ouvertes ! "
    "Pourquoi les usagers reviennent-ils ? Parce que l'État simplifie ses démarches"
)


@pytest.fixture(scope="module")
def fresh_lemmatizer() -> Lemmatizer:
    """A model of its own, loaded by the first test that needs it (so that the load can be seen)."""
    return Lemmatizer()


def spans(raw) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in raw]


def test_pieces_are_bounded_and_cut_at_paragraphs_then_sentences_then_words():
    text = "\n\n".join([PARAGRAPH] * 30)
    raw = tokenise(text)
    cut = list(pieces(text, raw, 600))
    assert spans([r for piece in cut for r in piece]) == spans(raw)  # every token once, in order
    assert all(piece[-1].end - piece[0].start <= 600 for piece in cut)
    assert all("\n" in text[a[-1].end : b[0].start] for a, b in zip(cut, cut[1:], strict=False))

    one_paragraph = " ".join([PARAGRAPH] * 30)
    cut = list(pieces(one_paragraph, tokenise(one_paragraph), 600))
    assert all(piece[-1].end - piece[0].start <= 600 for piece in cut) and len(cut) > 10
    assert all(piece[-1].text in ".!?" for piece in cut[:-1])  # sentence ends

    no_sentence = " ".join(w.text for w in tokenise(one_paragraph) if w.kind == WORD)
    cut = list(pieces(no_sentence, tokenise(no_sentence), 600))
    assert all(piece[-1].end - piece[0].start <= 600 for piece in cut)
    assert sum(map(len, cut)) == len(tokenise(no_sentence))

    giant = "a" * 5000 + " fin"  # one token longer than a piece stands alone
    assert [len(piece) for piece in pieces(giant, tokenise(giant), 600)] == [1, 1]


def test_documents_are_chunked_by_characters_as_well_as_by_number():
    docs = [doc(f"d{i}", "Titre", "x" * size) for i, size in enumerate([100, 100, 5000, 100, 100, 100])]
    chunks = list(chunked(docs, max_documents=2, max_chars=1000))
    assert [[d.id for d in c] for c in chunks] == [["d0", "d1"], ["d2"], ["d3", "d4"], ["d5"]]


def test_the_indexer_says_when_the_model_loads_before_any_document_moves(corpus_copy, make_settings, fresh_lemmatizer):
    settings = make_settings(corpus_copy)
    (corpus_copy / "nouveau.md").write_text(
        "---\ntitle: Atelier des cartographes\ndate: 2024-05-02\n---\n\nUn atelier inédit sur les cartes.\n",
        encoding="utf-8",
    )
    events: list = []
    analyser = Analyser(settings, settings.index / CACHE, lemmatizer=fresh_lemmatizer)
    indexer = Indexer(settings, analyser=analyser, on_model=events.append)
    total = indexer.update(progress=lambda done, total: events.append((done, total))).documents
    assert events[:3] == [(0, total), True, False], events  # 0/N, then the load, then documents
    assert events[-1] == (total, total)


def test_a_long_text_read_in_pieces_keeps_its_words_and_offsets(fresh_lemmatizer):
    lemmatizer = fresh_lemmatizer
    text = "\n\n".join([" ".join([PARAGRAPH + "."] * 4)] * 6)  # ~6,000 characters in 6 paragraphs
    whole = list(lemmatizer.parse([text, "", "- + * ="]))
    lemmatizer.piece_chars, lemmatizer.batch_chars = 400, 900
    try:
        cut = list(lemmatizer.parse([text, "", "- + * ="]))
    finally:
        lemmatizer.piece_chars, lemmatizer.batch_chars = Lemmatizer().piece_chars, Lemmatizer().batch_chars
    assert [(w.text, w.start, w.end) for w in cut[0].words] == [(w.text, w.start, w.end) for w in whole[0].words]
    assert all(normalise_apostrophes(text[w.start : w.end]) == w.text for w in cut[0].words)
    same = sum(a.lemma == b.lemma for a, b in zip(cut[0].words, whole[0].words, strict=True))
    assert same / len(whole[0].words) > 0.98
    names = {text[start:end] for start, end, label in cut[0].entities}
    assert names == {text[start:end] for start, end, label in whole[0].entities} and "Mme Claire Dupont" in names
    assert cut[1].words == [] and cut[2].words == []  # an empty text and one without a word, in their places
