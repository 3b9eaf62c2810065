"""What a document's title says of it to the second-stage ranking (findit.search.ranking): a title the
query holds whole among more words, and a page that is a title and nothing else."""

from __future__ import annotations

from whoosh import query as wq

from findit.analysis.french import words as written_words
from findit.documents import Kind
from findit.search.postings import postings_at

# A title made of the query's words, two of them at least, with more words around it in the query: a
# question or a sentence that holds a page's whole title (« comment une administration peut-elle proposer
# un projet aux EIG ? »: the page « Proposer un projet »). A multiplier of the score, as the phrase rewards;
# above a body's phrase (0.4): a call for projects repeating the question's words had passed the page at 0.5.
TITLE_IN_QUERY_BONUS = 0.75
# A page that is a title and nothing else (a theme's or a category's page, a section's index: the site
# generator lists the items under it) says less than the items it lists: its score is scaled by this.
TITLE_ONLY = 0.5
# Kinds whose title alone is the item: a headline with its outlet, an event with its date, a person's or a
# project's page, named.
ITEM_KINDS = (Kind.COVERAGE, Kind.EVENT, Kind.PERSON, Kind.PROJECT)


def item_bits(kinds: dict[str, int]) -> int:
    """The documents of ITEM_KINDS, as bits (`kinds`: the kind facet's value -> documents)."""
    bits = 0
    for kind in ITEM_KINDS:
        bits |= kinds.get(kind, 0)
    return bits


def title_words(reader, d: int) -> int:
    """How many words the document's title has: its positions. (The field's length counts terms, and a word
    indexed under its lemma and its form counts twice; Whoosh also rounds long lengths.)"""
    return len(written_words(reader.stored_fields(d).get("title") or ""))


def title_only(reader, d: int) -> bool:
    """Whether the document has a title and no summary or text."""
    return not reader.doc_field_length(d, "body") and not reader.doc_field_length(d, "summary")


def titles_in_query(
    reader, words: list[dict[str, list[str]]], candidates: list[int], function_words: list[str]
) -> set[int]:
    """The candidates whose title is made of the query's words (two at least, with the function words
    typed around them), the query holding more words than the title."""
    if len(words) < 3 or "title" not in reader.schema:
        return set()
    held: dict[int, set[int]] = {}
    count: dict[int, int] = {}
    for word in words:
        for d, positions in _title_positions(reader, word.get("title", []), candidates).items():
            held.setdefault(d, set()).update(positions)
            count[d] = count.get(d, 0) + 1
    for d, positions in _title_positions(reader, function_words, sorted(held)).items():
        held[d].update(positions)
    # The stored title is read last, for the few candidates holding two words or more of the query there.
    return {
        d for d, positions in held.items() if 2 <= count[d] < len(words) and len(positions) == title_words(reader, d)
    }


def _title_positions(reader, terms: list[str], docs: list[int]) -> dict[int, set[int]]:
    """Document -> the title positions of any of the terms."""
    found: dict[int, set[int]] = {}
    for text in terms:
        for d, m in postings_at(reader, "title", text, docs):
            if m.supports("positions"):
                found.setdefault(d, set()).update(m.value_as("positions"))
    return found


def function_title_terms(q: wq.Query | None) -> list[str]:
    """The title terms of the query's optional function words (findit.search.relax)."""
    if not isinstance(q, wq.AndMaybe):
        return []
    return [sub.text for sub in q.b.leaves() if getattr(sub, "fieldname", None) == "title" and isinstance(sub, wq.Term)]
