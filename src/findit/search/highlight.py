"""Snippets: a few passages of a document in its own words, matches wrapped in <mark>, everything else
HTML-escaped. Whoosh's highlighter finds the passages; the field's analyser (with the lemma table) maps
each original word to the terms the query searched for."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from whoosh import highlight
from whoosh import query as wq

from findit.analysis.stopwords import stop_words
from findit.text import fast_fold, fold

SNIPPET_CHARS = 200
# Analysing a whole long page per hit is too slow for a result list: only windows around likely matches
# are analysed (found by the stems of the query terms in a quickly folded copy); a text this short is
# analysed whole.
WHOLE_TEXT_CHARS = 600
MAX_WINDOWS = 6
_SPACE = re.compile(r"\s+")
_NO_WORD = re.compile(r"\W*")


class MarkFormatter(highlight.Formatter):
    """Escaped text, <mark> around matches only, and « … » where a passage cuts the text. `starts` and
    `ends` say whether the text given to the highlighter starts and ends the document's own text (it may
    be a window of it)."""

    between = " "

    def __init__(self) -> None:
        self.starts = self.ends = True

    def _text(self, text):
        return html.escape(_SPACE.sub(" ", text))

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace)) + "</mark>"

    def format_fragment(self, fragment, replace=False):
        out = super().format_fragment(fragment, replace).strip()
        if _has_words(fragment.text[: fragment.startchar]) or not self.starts:
            out = "… " + out
        if _has_words(fragment.text[fragment.endchar :]) or not self.ends:
            out = out.rstrip(" ,;:") + " …"
        return out


def _has_words(text: str) -> bool:
    """Whether a part of the text left out holds words (punctuation alone is no cut)."""
    return not _NO_WORD.fullmatch(text)


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
    # Function words are in nearly every sentence: marked, they would pick the first passages of any page
    # (« … assistant <mark>de</mark> code <mark>de</mark> … » for « journée du réseau ») and hide the
    # passage holding the words that matter. Only a query made of them alone marks them.
    meaningful = found - stop_words()
    return frozenset(meaningful or found)


def snippet(texts: list[str], terms: frozenset[str], analyzer, chars: int = SNIPPET_CHARS, passages: int = 2) -> str:
    """The best passages of the first text that has a match, else the start of the first non-empty text."""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=chars // 3)
        formatter = MarkFormatter()
        finder = _finder(terms)
        for text in texts:
            if not text:
                continue
            found = []
            for start, end in _windows(text, finder, chars):
                formatter.starts, formatter.ends = not _has_words(text[:start]), not _has_words(text[end:])
                try:
                    part = highlight.highlight(text[start:end], terms, analyzer, fragmenter, formatter, top=1)
                except Exception:  # noqa: BLE001 - a text the analyser trips on still gets a plain snippet
                    part = ""
                if "<mark>" in part:
                    found.append(part.strip())
                    if len(found) == passages:
                        break
            if found:
                return " ".join(found).replace("… …", "…")
    return lead(next((t for t in texts if t and t.strip()), ""), chars)


def _windows(text: str, finder: re.Pattern, chars: int) -> list[tuple[int, int]]:
    """Spans of `text` worth analysing: the whole of a short text, else windows around likely matches."""
    if len(text) <= WHOLE_TEXT_CHARS:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    reach = chars // 2 + 20  # a passage is centred on its match
    for m in finder.finditer(fast_fold(text)):
        start, end = max(0, m.start() - reach), min(len(text), m.end() + reach)
        if spans and start <= spans[-1][1]:
            continue  # this match is inside the previous window
        # Cut at spaces, so that no word is analysed half.
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < m.start() else start
        if end < len(text):
            space = text.rfind(" ", m.end(), end)
            end = space if space > m.end() else end
        spans.append((start, end))
        if len(spans) == MAX_WINDOWS:
            break
    return spans


@lru_cache(maxsize=256)
def _finder(terms: frozenset[str]) -> re.Pattern:
    """A pattern of the terms' stems (the part other forms of the word share: "algorithm" for
    "algorithme"), over folded text. A hint only: the analyser decides what matches."""
    stems = sorted({_stem(fold(t)) for t in terms if t.strip()}, key=len, reverse=True)
    if not stems:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(_ligatures(re.escape(s)) for s in stems) + ")")


def _ligatures(pattern: str) -> str:
    """fast_fold keeps œ and æ (one letter each, to keep offsets), where fold spells them oe and ae."""
    return pattern.replace("oe", "(?:oe|œ)").replace("ae", "(?:ae|æ)")


def _stem(term: str) -> str:
    return term if len(term) <= 4 else term[: max(4, len(term) - 3)]


def lead(text: str, chars: int = SNIPPET_CHARS) -> str:
    """The start of a text, cut at a word boundary, escaped."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars)
        text = text[: cut if cut > chars // 2 else chars].rstrip(" ,;:") + " …"
    return html.escape(text)
