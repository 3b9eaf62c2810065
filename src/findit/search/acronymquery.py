"""An acronym the archive defines and its long form are one name in a query.

Wherever the plain words of a query hold the acronym (« DITP », « ditp ») or the words of its long form
(« direction interministérielle de la transformation publique », accents, case and elisions aside), that
part becomes one group, « the acronym OR the long form as a phrase », built the same way from either
writing, so both queries are the same query and rank alike. Quoted phrases and fielded clauses are left
as written."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from whoosh import query as wq

from findit.analysis.stopwords import stop_words
from findit.search.clauses import AcronymGroup, AcrossFields, LongForm, plain_word, span, walk

if TYPE_CHECKING:
    from findit.analysis.acronyms import AcronymTable

_WORD = re.compile(r"\w+")


class AcronymExpander:
    """Rewrites parsed (not yet normalised) queries with the acronym groups of one index generation.
    `parse(text)` is the reader's parser, which the groups are built with."""

    def __init__(self, acronyms: AcronymTable, parse: Callable[[str], wq.Query], clean: Callable[[str], str]):
        self.acronyms = acronyms
        self._parse = parse
        self._clean = clean
        # Folded acronym -> its group query (None: it could not be built); built when first needed.
        self._groups: dict[str, wq.Query | None] = {}
        self._longest = max(map(len, acronyms.long_forms), default=0)

    def expand(self, q: wq.Query, text: str) -> wq.Query:
        """The query with each acronym, and each run of plain words spelling a long form, replaced by the
        acronym's group. Before normalising: each piece still carries the characters it comes from, and
        a quoted word is still a phrase, not a plain word."""
        if isinstance(q, wq.And):
            new = copy.copy(q)
            new.subqueries = self._expand_run(list(q.subqueries), text)
            return new
        if isinstance(q, AcrossFields):
            word = q.word
            if word is not None and self._is_acronym(q, word, text) and self._group(word) is not None:
                return self._group(word)
            return q
        return q.apply(lambda child: self.expand(child, text))

    def _expand_run(self, clauses: list[wq.Query], text: str) -> list[wq.Query]:
        """The clauses of an AND, runs of plain words spelling a long form replaced by its group."""
        words = [plain_word(c) for c in clauses]
        out: list[wq.Query] = []
        i = 0
        while i < len(clauses):
            key, n = self._long_form_at(words, i)
            group = self._group(key) if key is not None else None
            if group is None:
                out.append(self.expand(clauses[i], text))
                i += 1
            else:
                if not (out and out[-1] == group):  # « long form (DITP) »: one group, not twice
                    out.append(group)
                i += n
        return out

    def _long_form_at(self, words: list[str | None], i: int) -> tuple[str | None, int]:
        """The acronym whose long form the plain words starting at i spell (the longest), and its length."""
        for n in range(min(self._longest, len(words) - i), 1, -1):
            run = [w for w in words[i : i + n] if w is not None]
            if len(run) == n:
                key = self.acronyms.long_forms.get(tuple(run))
                if key is not None:
                    return key, n
        return None, 0

    def _is_acronym(self, clause: wq.Query, word: str, text: str) -> bool:
        """Whether a plain word names a known acronym: as written in capitals, or in lower case unless it
        is short or a function word (« ce » is not the acronym CE)."""
        if self.acronyms.get(word) is None:
            return False
        where = span(clause)
        written = text[where[0] : where[1]] if where else ""
        return written.isupper() or (len(word) >= 3 and word not in stop_words())

    def _group(self, key: str) -> wq.Query | None:
        """« ACRONYM OR "long form" » as the reader's parser reads it, the same whichever way the user wrote
        it; None when it cannot be built (the words are then left as written)."""
        if key not in self._groups:
            entry = self.acronyms.get(key)
            group = None
            if entry is not None:
                try:
                    parts = [self._parse(entry.acronym)]
                    for long_form in entry.long_forms:
                        phrase = self._clean(long_form).replace('"', " ")
                        # A phrase scores the sum of its words: weighed as one word, like the acronym,
                        # so that a page naming the body either way is not outranked by the long form's
                        # words alone.
                        scale = 1.0 / max(1, len(_WORD.findall(phrase)))
                        parts.append(
                            self._parse(f'"{phrase}"').accept(
                                lambda q, scale=scale: LongForm.of(q, scale) if isinstance(q, wq.Phrase) else q
                            )
                        )
                    if not any(getattr(sub, "error", None) for p in parts for sub in walk(p)):
                        group = AcronymGroup([_normalised(p) for p in parts])
                except Exception:  # noqa: BLE001 - an acronym the parser cannot read is left as written
                    group = None
            self._groups[key] = group
        return self._groups[key]


def _normalised(part: wq.Query) -> wq.Query:
    """The acronym as parsed is an AND of its one word: the word itself."""
    if isinstance(part, wq.And) and len(part.subqueries) == 1:
        return part.subqueries[0]
    return part
