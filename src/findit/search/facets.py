"""Facet counts of what the result list shows, on the facet tables of one index commit
(findit.index.facetstore); and a user's filter value resolved to the indexed values it names.

Why not Whoosh's `groupedby`: it counts documents, while a result list shows one line per duplicate group;
and each facet's counts must ignore that facet's own selection, which would take one search per selected
facet. Here every facet value's documents are the bits of an int, so a query's counts are ANDs and bit
counts.

Arithmetic: the searcher keeps the documents the query matches and the filters select, then one member
per duplicate group among them (the one the list shows: FacetTables.collapsed). The count of a
value is the number of lines the list would show with every other facet's selection, among which that
value's documents: a hidden version is never counted (a 2019 event re-posted in 2020 makes no 2020 bar,
and the bars add up to the total), while asking for 2020 shows the re-post, as a filter never hides what
it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from findit.index.facetstore import FacetTables, from_bits, to_bits
from findit.search.results import SHOWN_WHEN_SEVERAL, VALUE_LABELS, VALUE_NAMES, FacetValue, is_year
from findit.text import fast_fold, fold_key

# Close values named when a filter value matches none.
CLOSE_VALUES = 5
CLOSE_RATIO = 0.6  # difflib's similarity from which a value (or a word of it) is close
_WORD = re.compile(r"\w+")


@dataclass
class Resolved:
    """What a user's filter value names: the indexed values (several when it is a word of several, as
    `orga:` in the query finds them all), or none with the close values (unknown) or the values it starts
    (ambiguous)."""

    asked: str
    values: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)  # values it is a prefix of, when several
    close: list[str] = field(default_factory=list)  # nearest values, when it names none

    @property
    def found(self) -> bool:
        return bool(self.values)


class FacetCounter:
    """Resolves, selects and counts facet values over one commit's tables."""

    def __init__(self, tables: FacetTables):
        self.tables = tables
        self._sort_keys: dict[str, dict[str, tuple]] = {}
        self._shown: dict[str, int] = {}  # facet -> how many of its values shown documents hold
        self._merged: dict[str, tuple[dict[str, str], dict[str, int]]] = {}  # see _forms
        self._hidden: int | None = None

    def values(self, facet: str) -> list[str]:
        return list(self.tables.values.get(facet, {}))

    def resolve(self, facet: str, wanted: str) -> str:
        """The indexed value a user's value names (same value, else same folded text, else for kinds and
        languages the French name); the value itself when nothing matches."""
        values = self.tables.values.get(facet, {})
        wanted = str(wanted).strip()
        if wanted in values:
            return wanted
        folded = fold_key(wanted)
        for value in values:
            if fold_key(value) == folded:
                return value
        # a kind's or a language's name, in the singular or the plural (« événements », « projets »)
        singular = folded[:-1] if folded.endswith("s") else folded
        for value, names in VALUE_NAMES.get(facet, {}).items():
            if any(fold_key(name) in (folded, singular) for name in names):
                return value
        return wanted

    def find(self, facet: str, wanted: str) -> Resolved:
        """The values a filter option names, as the query syntax reads a value: the same value (case,
        accents and blanks aside; a kind's or a language's French name), else every value that has it as a word or run of
        words (« EIG » → « Le programme EIG », « Les projets EIG »; « DINUM » → « Direction
        interministérielle du numérique (DINUM) »), else the one value a word of which starts with it
        (« Penic » → « Soizic Pénicaud »). Several values started by it: ambiguous; none: the close ones."""
        asked = str(wanted).strip()
        values = self.tables.values.get(facet, {})
        same = self.resolve(facet, asked)
        if same in values:
            # every value written the same way but for case and accents (« INRIA », « Inria »)
            key = fold_key(same)
            return Resolved(asked, [same, *sorted(v for v in values if v != same and fold_key(v) == key)])
        folded = fold_key(asked)
        words = _WORD.findall(folded)
        if not words:
            return Resolved(asked)
        keyed = {value: _WORD.findall(fold_key(value)) for value in values}
        names = VALUE_NAMES.get(facet)
        if names:
            keyed = {v: ws + _WORD.findall(fold_key(" ".join(names.get(v, [])))) for v, ws in keyed.items()}
        containing = sorted(v for v, ws in keyed.items() if _contains(ws, words))
        if containing:
            return Resolved(asked, containing)
        starting = sorted(v for v, ws in keyed.items() if _starts(ws, words) or fold_key(v).startswith(folded))
        if len(starting) == 1:
            return Resolved(asked, starting)
        if starting:
            return Resolved(asked, ambiguous=starting)
        # Close: the whole value, or a word of it for a word asked (« Penicot » → « Soizic Pénicaud »).
        import difflib  # a filter value matching none: not imported by every query

        scored = []
        for value, ws in keyed.items():
            similar = max(
                [difflib.SequenceMatcher(None, folded, fold_key(value)).ratio()]
                + [difflib.SequenceMatcher(None, w, v).ratio() for w in words for v in ws if len(v) > 2]
            )
            if similar >= CLOSE_RATIO:
                scored.append((-similar, fast_fold(value), value))
        return Resolved(asked, close=[value for *_, value in sorted(scored)[:CLOSE_VALUES]])

    def selection(self, facet: str, values: list[str]) -> int:
        """Documents carrying any of the values (several values of one facet combine with OR), as bits."""
        postings = self.tables.values.get(facet, {})
        found = 0
        for value in values:
            found |= postings.get(value, 0)
        return found

    def count(
        self, facet: str, docs: int, selected: list[str], limit: int, labels: dict[str, str] | None = None
    ) -> list[FacetValue]:
        """Values of one facet among the documents (bits), by count (years by year, newest first);
        selected values are kept even at 0 and beyond the limit. `docs` are shown documents only."""
        # `docs` holds one member per duplicate group (see the module docstring): a bit count is the count.
        shown_as, merged = self._forms(facet)
        counted: list[tuple[str, int]] = []
        for value, postings in merged.items():
            n = (postings & docs).bit_count()
            if n:
                counted.append((value, n))
        keys = self._keys(facet)
        counted.sort(key=lambda vc: (-vc[1], keys.get(vc[0], ())))
        selected = list(dict.fromkeys(shown_as.get(v, v) for v in selected))
        chosen = set(selected)
        shown = counted[:limit]
        shown_values = {v for v, _ in shown}
        shown += [(v, n) for v, n in counted[limit:] if v in chosen]
        shown += [(v, 0) for v in selected if v not in shown_values and v not in {s for s, _ in shown}]
        if facet == "year":
            # Years read best in order once chosen by count.
            shown.sort(key=lambda vc: _sort_key("year", vc[0]))
        labels = labels or {}
        return [FacetValue(v, n, v in chosen, labels.get(v, "")) for v, n in shown]

    def counts(
        self,
        facets: tuple[str, ...],
        scores: dict[int, float],
        matched: int,
        shown: int,
        chosen: dict[str, int],
        selected: dict[str, list[str]],
        limit: int,
    ) -> dict[str, list[FacetValue]]:
        """Every facet's values for a result list (see the module docstring): `matched`, the documents the
        query and the date keep (bits); `shown`, the lines the list shows; `chosen`, each filtered facet's
        selection (bits) and `selected` its values."""
        out: dict[str, list[FacetValue]] = {}
        for name in facets:
            if name in SHOWN_WHEN_SEVERAL and self._shown_values(name) < 2 and not selected[name]:
                out[name] = []
                continue
            among = shown
            own: dict[str, int] = {}
            if name in chosen:
                # A facet's counts ignore its own selection, so its other values stay choosable.
                among = matched
                for other, bits in chosen.items():
                    if other != name:
                        among &= bits
                # A selected value counts the lines its selection shows, a group's version carrying it
                # included (« 2020 » selected above the one 2020 re-post shown says 1, not 0).
                shown_as, postings = self._forms(name)
                own = {
                    form: len(self.tables.collapsed(from_bits(among & postings.get(form, 0)), scores))
                    for form in {shown_as.get(v, v) for v in selected[name]}
                }
                among = to_bits(self.tables.collapsed(from_bits(among), scores))
            out[name] = self.count(name, among, selected[name], limit, VALUE_LABELS.get(name))
            for value in out[name]:
                value.count = own.get(value.value, value.count)
        return out

    def hidden_bits(self) -> int:
        """The drafts and junk a search leaves out unless asked, as bits (computed once)."""
        if self._hidden is None:
            self._hidden = to_bits(self.tables.hidden)
        return self._hidden

    def _shown_values(self, facet: str) -> int:
        """How many values of the facet documents a search may show hold (drafts and junk left out)."""
        if facet not in self._shown:
            hidden = self.hidden_bits()
            self._shown[facet] = sum(1 for bits in self._forms(facet)[1].values() if bits & ~hidden)
        return self._shown[facet]

    def _forms(self, facet: str) -> tuple[dict[str, str], dict[str, int]]:
        """One line per value whatever its case and accents (« INRIA » on one page, « Inria » on two), as a
        filter value selects them all: each value's shown form (the one most documents write), and each
        shown form's documents (bits)."""
        if facet not in self._merged:
            values = self.tables.values.get(facet, {})
            forms: dict[str, list[str]] = {}
            for value in values:
                forms.setdefault(fold_key(value), []).append(value)
            shown_as: dict[str, str] = {}
            merged: dict[str, int] = {}
            for spellings in forms.values():
                form = min(spellings, key=lambda v: (-values[v].bit_count(), v))
                for value in spellings:
                    shown_as[value] = form
                    merged[form] = merged.get(form, 0) | values[value]
            self._merged[facet] = shown_as, merged
        return self._merged[facet]

    def _keys(self, facet: str) -> dict[str, tuple]:
        keys = self._sort_keys.get(facet)
        if keys is None:
            keys = self._sort_keys[facet] = {v: _sort_key(facet, v) for v in self.tables.values.get(facet, {})}
        return keys


def _sort_key(facet: str, value: str) -> tuple:
    """Order among equal counts: years newest first, other values alphabetically (folded)."""
    if facet == "year":
        return (-int(value),) if is_year(value) else (0,)
    return (fast_fold(value), value)


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def _starts(words: list[str], wanted: list[str]) -> bool:
    """Whether `wanted` is a run of words of `words`, its last one the start of a word."""
    n = len(wanted)
    return any(
        words[i : i + n - 1] == wanted[:-1] and words[i + n - 1].startswith(wanted[-1])
        for i in range(len(words) - n + 1)
    )
