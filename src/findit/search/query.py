"""Reading a user's query: findit's Whoosh parser (findit.search.queryparser: French and English field
names, ET / OU / SAUF, `-word`, `annee:2019..2021`), value fields matched without regard to case or
accents, acronyms and their long forms as one name (findit.search.acronymquery), function words optional
(findit.search.relax).

`QueryReader(schema, values).readings(text)` gives the ways to read a query, best first: as written, then
as plain words. The searcher runs the first one Whoosh can run: that is the one place where a query the
parser cannot read falls back, and the reading says so. Nothing here raises for a bad query."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as wq

from findit.analysis.acronyms import AcronymTable, common_acronyms
from findit.analysis.french import with_elisions
from findit.analysis.stopwords import stop_words
from findit.search.acronymquery import AcronymExpander
from findit.search.clauses import LongForm, Unmarked, alternatives, text_of, walk
from findit.search.otherforms import with_other_forms
from findit.search.queryparser import AND_WORDS, UNKNOWN_FIELD, VALUE_FIELDS, Parser, build_parser, unknown_fields
from findit.search.recent import Recent
from findit.search.relax import optional_stop_words
from findit.search.typos import KNOWN_WORDS
from findit.search.values import ValueResolver
from findit.text import typed

if TYPE_CHECKING:
    from findit.search.synonyms import Synonyms

_WORD = re.compile(r"\w+")
# `?` is a wildcard only inside a word ("r?sum"); elsewhere it ends a question. `*` is a wildcard only
# after or inside a word ("algo*"); alone it is punctuation, unless it is the whole query (everything).
_NOT_WILDCARD = re.compile(r"\?(?!\w)|(?<!\w)\?|(?<![\w*])\*+(?!\w)")

# A query of excluded words only (« -brouillon », « -python -pandas »): Whoosh's `-word` then has nothing to
# exclude from and matches nothing, where « SAUF python » lists every document without the word.
_ONLY_EXCLUDED = re.compile(r"\s*(?:-[^\s\-]\S*\s*)+")
# A number's sign (« n°12 », « nº 12 », « #12 »): the number is what documents share (« Infolettre (#12) »,
# « Lettre N°12 », « numéro 12 »); « n°12 » was otherwise the sequence « n » then « 12 ».
_NUMBER_SIGN = re.compile(r"(?<!\w)(?:[nN]\s?[°º]|#)\s*(?=\d)")
# A phrase in French quotation marks (« open data ») or in typographic quotes (“open data”, „open data“, as
# a word processor or a phone types them) is the phrase "open data" of the query syntax.
_QUOTED = re.compile(r'«\s*([^«»"]*?)\s*»|[“„]([^“”„"]*)”|„([^“”„"]*)“')
_PHRASE = re.compile(r'"[^"]*"')
UNREADABLE = "La requête n’a pas pu être lue telle quelle : elle a été lue comme une suite de mots."


@dataclass
class ReadQuery:
    query: wq.Query | None  # None: every document
    words: list[str] = field(default_factory=list)  # plain words of the query, for suggestions
    message: str | None = None  # how the query was read, when not as written
    # word(s) typed -> the other spellings also searched for them (findit.search.typos, .compounds)
    corrections: dict[str, list[str]] = field(default_factory=dict)
    # Words joined by AND / ET as typed: every one is asked for, so the few documents holding them all are
    # the answer, never widened to those holding some (findit.search.relax).
    every_word: bool = False


# AND / ET between words, as the parser reads them (queryparser.build_parser), outside quotes.
_EXPLICIT_AND = re.compile(rf'"[^"]*"?|({AND_WORDS})')


class QueryReader:
    """A query parser bound to one index generation: its schema (analysers with the generation's lemma
    table), the known values of the value fields (`values[field] -> list of display values`, and
    `labels[field] -> {value: [names]}` for other names such as a kind's French name), and the acronym
    pairs the generation saved (`acronyms`), beside the common ones findit ships (an archive's own win)."""

    def __init__(
        self,
        schema,
        values: dict[str, list[str]],
        labels: dict[str, dict[str, list[str]]] | None = None,
        acronyms: AcronymTable | None = None,
        reader=None,
        synonyms: Callable[[], Synonyms] | None = None,
    ):
        self.schema = schema
        self._reader = reader  # the generation's: its word list gives typo corrections; None: no tolerance
        self._corrections: Recent = Recent(KNOWN_WORDS)  # word -> its corrections in this generation
        self._synonyms = synonyms  # the curator's table as it is now (findit.search.synonyms)
        self._values = ValueResolver(schema, VALUE_FIELDS, values, labels)
        self._parser = build_parser(schema)
        self._plain = Parser(schema, plugins=[])
        acronyms = (acronyms or AcronymTable()).merged(common_acronyms())
        self._acronyms = (
            AcronymExpander(acronyms, lambda text: self._parser.parse(text, normalize=False), typed)
            if acronyms
            else None
        )

    def readings(self, text: str, other_spellings: bool = True) -> Iterator[ReadQuery]:
        """The ways to read `text`, best first: as written with its syntax (unless the parser cannot read
        it), then as plain words, saying so. Lazy: the plain reading is made only when asked for. With
        `other_spellings`, each word also finds its other spellings the archive knows (joined or apart,
        a typo corrected: findit.search.compounds, .typos); without, only the words as typed."""
        text = typed(text or "").strip()
        if text.strip("* "):
            text = _NOT_WILDCARD.sub(" ", text).strip()
        if not text or not text.strip("* "):
            yield ReadQuery(None)
            return
        text = _QUOTED.sub(lambda m: '"' + next(g for g in m.groups() if g is not None) + '"', text)
        # In a phrase, a clitic typed apart is the word it leans on (« "mois de l innovation" »).
        text = _PHRASE.sub(lambda m: with_elisions(m.group(0)), text)
        text, unknown = unknown_fields(_NUMBER_SIGN.sub("", text))
        if _ONLY_EXCLUDED.fullmatch(text):
            text = " ".join(f"SAUF {word[1:]}" for word in text.split())
        try:
            q = self._parser.parse(text, normalize=False)
            readable = not any(getattr(sub, "error", None) for sub in walk(q))
            parsed = self._read(self._finish(q, text), text, _words(text), other_spellings) if readable else None
        except Exception:  # noqa: BLE001 - whatever the parser makes of it, the user still gets an answer
            parsed = None
        if parsed is not None:
            parsed.every_word = any(m.group(1) for m in _EXPLICIT_AND.finditer(text))
            if unknown:
                note = UNKNOWN_FIELD.format(names=": », « ".join(dict.fromkeys(unknown)) + ":")
                parsed.message = " ".join(m for m in (note, parsed.message) if m)
            yield parsed
        yield self.read_plain(text, other_spellings)

    def read(self, text: str, other_spellings: bool = True) -> ReadQuery:
        """The best reading of `text` (see readings())."""
        return next(self.readings(text, other_spellings))

    def read_plain(self, text: str, other_spellings: bool = True) -> ReadQuery:
        """The query as plain words, no syntax."""
        text = typed(text or "").strip()
        words = _words(text)
        plain = " ".join(words)
        if not words:
            return ReadQuery(wq.NullQuery, words, UNREADABLE)
        read = self._read(self._finish(self._plain.parse(plain, normalize=False), plain), plain, words, other_spellings)
        read.message = " ".join(m for m in (UNREADABLE, read.message) if m)
        return read

    def _read(self, q: wq.Query, text: str, words: list[str], other_spellings: bool = True) -> ReadQuery:
        """The reading of a finished query, with the other forms of its words (findit.search.otherforms)."""
        if q is None or not other_spellings:
            return ReadQuery(q, words)
        synonyms = self._synonyms() if self._synonyms is not None else None
        try:
            other = with_other_forms(q, text, self._reader, synonyms, self._one_word, self._phrase, self._corrections)
        except Exception:  # noqa: BLE001 - without other forms, the query as typed still runs
            return ReadQuery(q, words)
        return ReadQuery(other.query, words, other.message, other.found)

    def _phrase(self, text: str) -> wq.Query:
        return self._parser.parse(f'"{text}"', normalize=False).accept(self._rewrite).normalize()

    def _one_word(self, word: str) -> wq.Query:
        return self._plain.parse(word, normalize=False).normalize()

    def _finish(self, q: wq.Query, text: str) -> wq.Query:
        if self._acronyms is not None:
            q = self._acronyms.expand(q, text)
        return optional_stop_words(q.accept(self._rewrite).normalize())

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if isinstance(q, wq.Every) and q.fieldname:
            return wq.Every()
        fieldname = getattr(q, "fieldname", None)
        if fieldname in VALUE_FIELDS and isinstance(q, (wq.Term, wq.Phrase, wq.Prefix, wq.Wildcard)):
            return self._values.resolve(q)
        if isinstance(q, wq.Phrase) and getattr(q, "char_ranges", None):
            return _regroup_phrase(q)
        return q


def _regroup_phrase(q: wq.Phrase) -> wq.Query:
    """A phrase whose words include several lemmas of one source word: a sequence of alternatives."""
    groups: dict[tuple, list[str]] = {}
    for word, span in zip(q.words, q.char_ranges, strict=False):
        terms = groups.setdefault(span if span[0] is not None else (len(groups), None), [])
        if word not in terms:
            terms.append(word)
    if len(groups) == len(q.words):
        return q
    parts = [alternatives(q.fieldname, texts) for texts in groups.values()]
    if isinstance(q, LongForm):
        stops = stop_words()
        parts = [
            part.accept(
                lambda t: (
                    Unmarked(t.fieldname, t.text, boost=t.boost)
                    if isinstance(t, wq.Term) and text_of(t.text) in stops
                    else t
                )
            )
            for part in parts
        ]
    if len(parts) == 1:
        return parts[0]
    return wq.Sequence(parts, slop=q.slop, boost=q.boost)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)
