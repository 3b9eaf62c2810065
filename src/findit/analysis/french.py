"""French surface rules shared by index and query time: elisions and word splitting (apostrophes and
folding: findit.text).

The same tokeniser feeds spaCy at index time (as pre-split words) and the Whoosh chain at query time,
so a query word and an indexed word are always cut the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh.analysis import Filter, LowercaseFilter, SubstitutionFilter, Token, Tokenizer
from whoosh.lang import stemmer_for_language

from findit.analysis.stopwords import function_words, meaningful_words
from findit.text import fold_word, normalise_apostrophes

# Elided clitics: split off the word they lean on, and dropped from the index (they carry no meaning
# and would break « l'État » = « etat »). Longest alternatives first.
_ELIDED = ("jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu", "qu", "l", "d", "j", "m", "n", "s", "t", "c")
_TOKEN = re.compile(
    r"(?P<elision>(?<!\w)(?:" + "|".join(_ELIDED) + r")'(?=\w))"
    r"|(?P<word>\w+(?:'\w+)*)"
    r"|(?P<punct>\S)",
    re.IGNORECASE,
)

WORD, ELISION, PUNCT = "word", "elision", "punct"
# An elided clitic typed apart from its word, its apostrophe left out (« l innovation »).
_ELIDED_APART = re.compile(r"(?<![\w'’])(" + "|".join(_ELIDED) + r")\s+(?=[^\W\d_])", re.IGNORECASE)


def with_elisions(text: str) -> str:
    """`text` with each elided clitic typed apart joined to its word as written with an apostrophe
    (« mois de l innovation » → « mois de l'innovation »): the index holds no word « l »."""
    return _ELIDED_APART.sub(r"\1'", text)


@dataclass(frozen=True, slots=True)  # one per token of a text: slots keep a long text small
class RawToken:
    text: str  # as written, apostrophes normalised
    start: int  # offsets in the original text
    end: int
    kind: str  # WORD, ELISION or PUNCT


def tokenise(text: str) -> list[RawToken]:
    """Every word, elided clitic and punctuation sign of `text`, in order, with its offsets."""
    norm = normalise_apostrophes(text)
    return [RawToken(m.group(), m.start(), m.end(), m.lastgroup or PUNCT) for m in _TOKEN.finditer(norm)]


def words(text: str) -> list[RawToken]:
    """The indexable words of `text` (elided clitics and punctuation left out)."""
    return [t for t in tokenise(text) if t.kind == WORD]


def name_key(name: str) -> str:
    """Folded, whitespace-collapsed form used to compare names."""
    return " ".join(fold_word(w.text) for w in words(name))


class FrenchTokenizer(Tokenizer):
    """Whoosh tokenizer: the words of a plain string, with positions counting words only.

    A `PreAnalysed` string (see findit.analysis.analysed) is replayed instead: its tokens were lemmatised
    in context at index time; they are marked `analysed` so that the filters leave them alone. With
    `as_written`, a replayed word is given as the text writes it, for filters to fold it themselves."""

    as_written = False  # a class default: schemas pickled before it existed read the same

    def __init__(self, as_written: bool = False):
        if as_written:
            self.as_written = True

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        emit = _Emitter(t, positions, chars, keeporiginal, start_pos, start_char)
        replay = getattr(value, "tokens", None)
        if replay is not None and self.as_written:
            for i, tok in zip(value.positions(), replay, strict=True):
                written = normalise_apostrophes(value[tok.start : tok.end])
                yield emit(written, written, i, tok.start, tok.end)
        elif replay is not None:
            # Each analysed word is indexed under its lemma and, when different, its folded form, at the
            # same position: the query side then has one sure term for every form (see
            # lemmas.LemmaTable.lookup).
            for i, tok in zip(value.positions(), replay, strict=True):
                for text in (tok.text, tok.surface) if tok.surface != tok.text else (tok.text,):
                    yield emit(text, tok.surface, i, tok.start, tok.end, analysed=True)
        elif not tokenize:
            yield emit(value, value, 0, 0, len(value), whole=True)
        else:
            for i, raw in enumerate(words(value)):
                yield emit(raw.text, raw.text, i, raw.start, raw.end)


class _Emitter:
    """Fills Whoosh's one reused Token for each word, the same way for every kind of input."""

    def __init__(self, t, positions, chars, keeporiginal, start_pos, start_char):
        self.t, self.positions, self.chars, self.keeporiginal = t, positions, chars, keeporiginal
        self.start_pos, self.start_char = start_pos, start_char

    def __call__(self, text, original, i, start, end, analysed=False, whole=False):
        t = self.t
        t.text = text
        t.boost, t.stopped, t.analysed, t.whole = 1.0, False, analysed, whole
        if self.keeporiginal or whole:
            t.original = original
        if self.positions:
            t.pos = self.start_pos + i
        if self.chars:
            t.startchar, t.endchar = self.start_char + start, self.start_char + end
        return t


class FoldFilter(Filter):
    """Lower-case and fold accents/ligatures (tokens analysed beforehand are folded already)."""

    def __call__(self, tokens):
        for t in tokens:
            if not getattr(t, "analysed", False):
                t.text = fold_word(t.text)
            yield t


def exact_analyzer():
    """Folded word forms as written, not lemmatised: for the exact-form boost."""
    return FrenchTokenizer() | FoldFilter()


def name_analyzer():
    """Names (speakers, organisations, authors): folded, never lemmatised, each word searchable so a
    person is found by full, last or first name."""
    return FrenchTokenizer() | FoldFilter()


# A word joined to the next by a hyphen (ASCII or Unicode), as in « start-up », « Île-de-France ».
_COMPOUND = re.compile(r"\w+(?:[-\u2010\u2011]\w+)*")
_HYPHENS = re.compile(r"[-\u2010\u2011]")


def hyphenated(text: str) -> list[str]:
    """The hyphenated words of `text`, as written (« start-up », « e-administration »)."""
    return [m.group() for m in _COMPOUND.finditer(text) if _HYPHENS.search(m.group())]


class CompoundTokenizer(Tokenizer):
    """Each word with its hyphens taken out: « start-up » and « startup » give the same token."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, start_pos=0, start_char=0, **kw):
        t = Token(positions, chars, **kw)
        for i, m in enumerate(_COMPOUND.finditer(str(value))):
            t.text = _HYPHENS.sub("", m.group())
            t.boost, t.stopped = 1.0, False
            if keeporiginal:
                t.original = m.group()
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar, t.endchar = start_char + m.start(), start_char + m.end()
            yield t


class _PluralFilter(Filter):
    """A final s or x taken off: a joined word is not lemmatised (spaCy never sees it), and « start-ups »
    must still be « startup »."""

    def __call__(self, tokens):
        for t in tokens:
            if len(t.text) > 4 and t.text[-1] in "sx":
                t.text = t.text[:-1]
            yield t


def compound_analyzer():
    """Hyphenated words joined, folded, without a plural's s: « start-ups » = « startup »,
    « e-administration » = « eadministration »."""
    return CompoundTokenizer() | FoldFilter() | _PluralFilter()


class _LanguageFilter(Filter):
    """A filter of one language with a memo it fills on demand: equal by language, pickled (in the
    index's schema) without the memo, which an index written before held whole."""

    def __init__(self, lang: str = "fr"):
        self.lang = lang
        self._forget()

    def _forget(self) -> None:
        raise NotImplementedError

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.lang))

    def __getstate__(self) -> dict:
        return {"lang": self.lang}

    def __setstate__(self, state: dict) -> None:
        self.lang = state.get("lang", "fr")
        self._forget()


class _NoFunctionStems(_LanguageFilter):
    """In a query, a stem that a function word also has is not searched: « SIES » cut to « si » would find
    every page that says « si ». The word still matches as typed and by its lemma."""

    def _forget(self) -> None:
        self._stems: dict[str, frozenset[str]] = {}  # first letter -> function stems, filled on demand

    def function_stems(self, letter: str) -> frozenset[str]:
        """The function words' stems (family_stem()) that start with `letter`, less the stems of
        the words that name a subject (« première » keeps « premi », although « premièrement » is a
        function word). A Snowball stem keeps its word's first letter, so a query word stems only the
        function words of its letter: all 400 of them were a one-shot query's longest step in opening
        the index."""
        stems = self._stems.get(letter)
        if stems is None:
            stem = stemmer_for_language(self.lang)
            of_letter = [w for w in function_words() if fold_word(w)[:1] == letter]
            stems = frozenset(family_stem(w, stem) for w in of_letter)
            stems -= {family_stem(w, stem) for w in meaningful_words() if fold_word(w)[:1] == letter}
            self._stems[letter] = stems
        return stems

    def __call__(self, tokens):
        for t in tokens:
            if t.mode != "query" or t.text not in self.function_stems(t.text[:1]):
                yield t


def family_stem(word: str, stem) -> str:
    """A lower-case word's Snowball stem, cut as written, then folded: Snowball reads French endings by
    their accents (« anonymisées » → anonymis, as « anonymisation »; folded first, « anonymise »). A
    query typed without accents gets the folded word's stem, and reaches the text through its lemma;
    giving both stems to every word was worse (« payé » → pay, the stem of « pays »)."""
    return fold_word(stem(word))


class _FamilyStems(_LanguageFilter):
    """Each word cut to its family_stem(), memoised."""

    def _forget(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, tokens):
        stem = None
        for t in tokens:
            cut = self._memo.get(t.text)
            if cut is None:
                stem = stem or stemmer_for_language(self.lang)
                cut = family_stem(t.text, stem)
                if len(self._memo) < 100_000:
                    self._memo[t.text] = cut
            t.text = cut
            yield t


def stem_analyzer():
    """Words cut to their Snowball stem (family_stem()): « recensement » = « recenser »,
    « algorithmique » = « algorithmes ». Lemmas relate the forms of one word; stems relate the words of one
    family, which a topic search also wants (ranked low: a stem is often shared by words of other
    meanings)."""
    # Snowball cuts the verbs in -ifier one letter short of their nouns and of some of their own forms
    # (« identifier » → identifi, « identification », « identifie » → identif): one stem for the family.
    verbs_in_ifier = SubstitutionFilter(r"ifi$", "if")
    return (
        FrenchTokenizer(as_written=True)
        | LowercaseFilter()
        | _FamilyStems("fr")
        | verbs_in_ifier
        | _NoFunctionStems("fr")
    )
