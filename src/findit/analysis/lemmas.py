"""The lemma table: what the index made of each word form, so that queries get the same lemmas without
spaCy; and the Whoosh text analyser built on it.

Index side: every word is indexed under its in-context lemma and, when different, its folded form
(french.FrenchTokenizer replaying a PreAnalysed text). Query side: a form the index saw with exactly one
lemma is looked up by that lemma (« algorithmes » → algorithme, which also finds « algorithme »); a
form the index lemmatised in more than one way depending on context (« travailleuses » → travailleuse or travailleur) is looked up by the form
itself, which every one of its occurrences carries. Either way a query word finds every document that
contains it as written. When the term is a lemma that some forms got only in some contexts (« archive »,
which « archives » got in some places and not others), those forms come along as alternatives, so that
« archive » finds every « archives » too. The parser ORs the terms of one word: AND and phrases keep
their meaning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from itertools import chain
from os.path import commonprefix
from pathlib import Path

from whoosh.analysis import Filter

from findit.analysis.analysed import AnalysedDoc
from findit.analysis.french import FoldFilter, FrenchTokenizer
from findit.analysis.stopwords import stop_words
from findit.jsonfile import read_json, write_json

# Light fallback for forms the archive never showed: plural and feminine endings, then the infinitive of
# a participle or a present form (folded spellings, tried in order).
_ENDINGS = (
    ("euses", "eur"),
    ("euse", "eur"),
    ("trices", "teur"),
    ("trice", "teur"),
    ("ives", "if"),
    ("ive", "if"),
    ("elles", "el"),
    ("elle", "el"),
    ("ennes", "en"),
    ("enne", "en"),
    ("aux", "al"),
    ("ales", "al"),
    ("ale", "al"),
    ("ees", "e"),
    ("ee", "e"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("x", ""),
    ("e", ""),
    ("ees", "er"),
    ("ee", "er"),
    ("es", "er"),
    ("e", "er"),
    ("ent", "er"),
    ("ait", "er"),
)


# At most this many such forms per query word (a verb like « être » has dozens).
MAX_SOMETIMES = 6


class LemmaTableError(ValueError):
    """The saved lemma table cannot be read."""


class LemmaTable:
    """Folded word form → the set of folded lemmas the index gave it."""

    def __init__(self, forms: Mapping[str, Iterable[str]] | None = None):
        # Values stay as given (lists when loaded): a one-shot query looks up a few words, and turning
        # every entry into a set was most of the table's load time. update() makes the ones it adds to sets.
        self.forms: dict[str, Collection[str]] = {
            form: list(lemmas) if not isinstance(lemmas, Collection) else lemmas
            for form, lemmas in (forms or {}).items()
        }
        self._lemmas: set[str] | None = None
        self._ambiguous: dict[str, list[str]] | None = None  # lemma -> forms that only sometimes get it

    def __len__(self) -> int:
        return len(self.forms)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, LemmaTable)
            and self.forms.keys() == other.forms.keys()
            and all(set(v) == set(other.forms[k]) for k, v in self.forms.items())
        )

    @classmethod
    def load(cls, path: Path) -> LemmaTable:
        """The table saved at `path`; an empty table when there is none."""
        data = read_json(path, LemmaTableError, "lemma table")
        if data is None:
            return cls()
        forms = data.get("forms", data) if isinstance(data, dict) else None
        if not isinstance(forms, dict) or not all(isinstance(v, list) for v in forms.values()):
            raise LemmaTableError(f"{path} is not a lemma table")
        table = cls()
        table.forms = forms  # lists already, as __init__ keeps them: not copied entry by entry
        return table

    def save(self, path: Path) -> None:
        """Write atomically: readers see the old table or the new one, never half of one."""
        write_json(path, {"forms": {k: sorted(v) for k, v in sorted(self.forms.items())}})

    def update(self, analysed: Iterable[AnalysedDoc] | Mapping[str, AnalysedDoc]) -> None:
        docs = analysed.values() if isinstance(analysed, Mapping) else analysed
        forms = self.forms
        for doc in docs:
            for form, lemma in doc.lemma_pairs():
                lemmas = forms.get(form)
                if not isinstance(lemmas, set):
                    lemmas = forms[form] = set(lemmas or ())
                lemmas.add(lemma)
        self._lemmas = self._ambiguous = None

    @property
    def lemmas(self) -> set[str]:
        if self._lemmas is None:
            self._lemmas = set(chain.from_iterable(self.forms.values()))
        return self._lemmas

    def lookup(self, form: str) -> list[str]:
        """The query terms for a folded word form: the one term that stands for it, then the forms that
        also carry that lemma in some contexts only (alternatives for the same word: the query parser ORs
        the terms of one word, so AND and phrases keep their meaning)."""
        term = self._term(form)
        return [term, *self._sometimes(term)]

    def _term(self, form: str) -> str:
        known = self._known(form)
        if known is not None:
            return known
        for suffix, replacement in _ENDINGS:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                known = self._known(form[: -len(suffix)] + replacement)
                # A function word's forms are all known: an unseen word cut to one (« sies », an acronym,
                # to « si ») is not one of them.
                if known is not None and known not in stop_words():
                    return known
        return form

    def _sometimes(self, lemma: str) -> list[str]:
        """Forms the index gave this lemma in some contexts and another elsewhere (« archives » → archive
        or archives): their other occurrences carry only the form, which the lemma alone would miss."""
        ambiguous = self._ambiguous
        if ambiguous is None:
            # Built aside and set whole: a web server's threads may look up words meanwhile.
            ambiguous = {}
            for form, lemmas in self.forms.items():
                if len(lemmas) > 1:
                    for other in lemmas:
                        if other != form:
                            ambiguous.setdefault(other, []).append(form)
            self._ambiguous = ambiguous
        # The closest spellings first (« archive » → archives before archiva), if a lemma has many.
        forms = ambiguous.get(lemma, ())
        return sorted(forms, key=lambda f: (-len(commonprefix([f, lemma])), len(f), f))[:MAX_SOMETIMES]

    def index_terms(self, form: str) -> list[str]:
        """Every term the index may hold for this form (for highlighting stored text)."""
        lemmas = self.forms.get(form)
        if not lemmas:
            return self.lookup(form)
        return sorted({*lemmas, form})

    def _known(self, form: str) -> str | None:
        lemmas = self.forms.get(form)
        if lemmas:
            return next(iter(lemmas)) if len(lemmas) == 1 else form
        if form in self.lemmas:
            return form
        return None


class LemmaFilter(Filter):
    """Plain text → the lemmas of the table: at query time the terms of each word, at highlight (index mode)
    time every term the index may hold for the word, at the same position and characters."""

    def __init__(self, table: LemmaTable | None = None):
        self.table = table

    def __getstate__(self):
        # Whoosh pickles the schema into the index: the table is saved beside it (lemmas.json) instead.
        return {"table": None}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __call__(self, tokens):
        table = self.table
        for t in tokens:
            if table is None or t.analysed or t.whole:
                yield t
                continue
            terms = table.lookup(t.text) if t.mode == "query" else table.index_terms(t.text)
            for term in terms:
                t.text = term
                yield t


def text_analyzer(table: LemmaTable | None = None):
    """Title, summary and body: replays pre-analysed tokens at index time, looks words up in the lemma
    table at query and highlight time (never loads spaCy)."""
    return FrenchTokenizer() | FoldFilter() | LemmaFilter(table)
