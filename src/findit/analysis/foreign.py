"""A document in another language than French: its words folded, not lemmatised by the French model.

spaCy's French model lemmatises English as French (« services » → « servir ») and tags its capitalised
words as people and organisations; a page whose language ingestion states or detects as another one
(findit.ingest.lang) is read as its words, folded, each its own lemma, with no named entity. Its speakers
and organisations come from its structure and the text's cues, as for any document."""

from __future__ import annotations

from findit.analysis.analysed import TEXT_FIELDS
from findit.analysis.french import words
from findit.documents import Document
from findit.text import fold_word

# Languages read by the French model: French, and a document whose language nobody could tell.
FRENCH = frozenset({"", "fr"})


def is_french(doc: Document) -> bool:
    return (doc.lang or "") in FRENCH


def cache_key(doc: Document, content_hash: str) -> str:
    """What the analyser knows a document's record by: its content, and for another language the language
    too (the same text read as French and as English gives two records, the second never cached)."""
    return content_hash if is_french(doc) else f"{content_hash}:{doc.lang}"


def folded_record(doc: Document) -> dict:
    """The cache record spaCy would give (findit.analysis.workers.parse_items), made without it: per
    word, as written, folded, folded again as its lemma, no part of speech, offsets; no entity."""
    fields = {}
    for name in TEXT_FIELDS:
        text = getattr(doc, name) or ""
        if text.strip():
            folded = [(w, fold_word(w.text)) for w in words(text)]
            fields[name] = {"w": [[w.text, f, f, "", w.start, w.end] for w, f in folded], "e": []}
    return {"f": fields}
