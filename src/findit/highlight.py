"""Snippets: a few passages of a document in its own words, matches wrapped in <mark>, everything else
HTML-escaped. Whoosh's highlighter finds the passages; the field's analyser (with the lemma table) maps
each original word to the terms the query searched for."""

from __future__ import annotations

import html
import re

from whoosh import highlight
from whoosh import query as wq

SNIPPET_CHARS = 240
_SPACE = re.compile(r"\s+")


class MarkFormatter(highlight.Formatter):
    """Escaped text, <mark> around matches only."""

    between = " … "

    def _text(self, text):
        return html.escape(_SPACE.sub(" ", text))

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace)) + "</mark>"


def positive(q: wq.Query | None) -> wq.Query | None:
    """The query without what it excludes: excluded words are not highlighted."""
    if q is None:
        return None

    def drop_negated(sub):
        if isinstance(sub, wq.Not):
            return wq.NullQuery
        if isinstance(sub, wq.AndNot):
            return sub.a
        return sub

    return q.accept(drop_negated).normalize()


def highlight_terms(q: wq.Query | None, reader, fields: tuple[str, ...]) -> frozenset[str]:
    """The indexed terms (prefixes and wildcards expanded) the query looks for in the given fields."""
    q = positive(q)
    if q is None or q is wq.NullQuery:
        return frozenset()
    found = set()
    leaves = [q] if q.is_leaf() else list(q.leaves())
    for leaf in leaves:
        try:
            terms = list(leaf.expanded_terms(reader, phrases=True))
        except Exception:  # noqa: BLE001 - a clause Whoosh cannot expand is not highlighted
            continue
        for fieldname, text in terms:
            if fieldname in fields:
                found.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(found)


def snippet(texts: list[str], terms: frozenset[str], analyzer, chars: int = SNIPPET_CHARS) -> str:
    """The best passages of the first text that has a match, else the start of the first non-empty text."""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=chars // 3)
        formatter = MarkFormatter()
        for text in texts:
            if not text:
                continue
            try:
                found = highlight.highlight(text, terms, analyzer, fragmenter, formatter, top=2)
            except Exception:  # noqa: BLE001 - a text the analyser trips on still gets a plain snippet
                found = ""
            if found:
                return found.strip()
    return lead(next((t for t in texts if t and t.strip()), ""), chars)


def lead(text: str, chars: int = SNIPPET_CHARS) -> str:
    """The start of a text, cut at a word boundary, escaped."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars)
        text = text[: cut if cut > chars // 2 else chars].rstrip(" ,;:") + " …"
    return html.escape(text)
