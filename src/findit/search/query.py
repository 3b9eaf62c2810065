"""Reading a user's query: whoosh.qparser with French and English field names, ET / OU / SAUF, `-word`,
`annee:2019..2021`, value fields matched without regard to case or accents, acronyms and their long forms
as one name (findit.search.acronymquery), function words optional (findit.search.relax).

`QueryReader(schema, values).readings(text)` gives the ways to read a query, best first: as written, then
as plain words. The searcher runs the first one Whoosh can run: that is the one place where a query the
parser cannot read falls back, and the reading says so. Nothing here raises for a bad query."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    GtLtPlugin,
    MultifieldPlugin,
    OperatorsPlugin,
    PlusMinusPlugin,
    QueryParser,
    TaggingPlugin,
    syntax,
)

from findit.analysis.acronyms import AcronymTable, common_acronyms
from findit.analysis.stopwords import stop_words
from findit.search.acronymquery import AcronymExpander
from findit.search.clauses import COMPOUNDS, FieldsGroup, LongForm, Unmarked, alternatives, text_of, walk
from findit.search.otherforms import with_other_forms
from findit.search.recent import Recent
from findit.search.relax import optional_stop_words
from findit.search.typos import KNOWN_WORDS
from findit.search.values import ValueResolver
from findit.text import fold

if TYPE_CHECKING:
    from findit.search.synonyms import Synonyms

# Fields searched by a word with no field name. Their weights are the schema's field boosts; a word also
# finds the documents filed under a tag that has it (press items sit under a section such as "Le
# programme EIG" that their own text need not repeat).
DEFAULT_FIELDS = (
    "title",
    "summary",
    "body",
    "exact",
    "stems",
    "speakers",
    "organisations",
    "people",
    "tag",
    "context",
    "compounds",
)

# Query-time weights on top of the schema's field boosts: a word that is a person's or an organisation's
# name in a document's metadata outweighs a passing mention (BM25 saturates index-time boosts).
FIELD_WEIGHTS = {"speakers": 1.5, "organisations": 1.3}
# Fields whose terms are whole display values (facets): a query word is matched against the known values.
VALUE_FIELDS = ("tag", "outlet", "kind")

# What a user may write before `:` (folded, lower case) -> schema field.
FIELD_NAMES = {
    "title": ("titre", "title", "titres", "titles"),
    "summary": ("resume", "chapeau", "summary"),
    "body": ("texte", "contenu", "text", "body"),
    "speakers": ("intervenant", "intervenants", "intervenante", "speaker", "speakers", "personne", "person"),
    "organisations": ("orga", "org", "organisation", "organisations", "organization", "organizations"),
    "outlet": ("media", "medias", "outlet", "journal", "source_media"),
    "tag": ("tag", "tags", "theme", "themes", "categorie", "category"),
    "year": ("annee", "an", "year"),
    "kind": ("type", "kind", "genre"),
    "date": ("date",),
}
FIELD_ALIASES = {alias: name for name, aliases in FIELD_NAMES.items() for alias in aliases}

# `-word` and `+word` only at the start of a word, so that "start-up" or "Saint-Denis" stay words.
_MINUS = r"(?:^|(?<=[\s(]))-(?=[^\s-])"
_PLUS = r"(?:^|(?<=[\s(]))\+(?=[^\s+])"
# Control characters would only confuse the parser and the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w+")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_HYPHENATED = re.compile(r"\w+(?:[-\u2010\u2011]\w+)+")
# `?` is a wildcard only inside a word ("r?sum"); elsewhere it ends a question. `*` is a wildcard only
# after or inside a word ("algo*"); alone it is punctuation, unless it is the whole query (everything).
_NOT_WILDCARD = re.compile(r"\?(?!\w)|(?<!\w)\?|(?<![\w*])\*+(?!\w)")

UNREADABLE = "La requête n’a pas pu être lue telle quelle : elle a été lue comme une suite de mots."


@dataclass
class ReadQuery:
    query: wq.Query | None  # None: every document
    words: list[str] = field(default_factory=list)  # plain words of the query, for suggestions
    message: str | None = None  # how the query was read, when not as written
    # word(s) typed -> the other spellings also searched for them (findit.search.typos, .compounds)
    corrections: dict[str, list[str]] = field(default_factory=dict)


class _AliasPlugin(FieldAliasPlugin):
    """French and English field names, any case, with or without accents. A name that is not a searchable
    field is left unknown, so the parser keeps `name:` as text."""

    def __init__(self):
        super().__init__({})

    def do_aliases(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_aliases(parser, node)
            elif node.has_fieldname and node.fieldname is not None:
                name = FIELD_ALIASES.get(fold(node.fieldname))
                # "\0" is never a schema field: FieldsPlugin turns the node back into text.
                node.set_fieldname(name or "\0" + node.fieldname, override=True)
        return group


class _YearRangePlugin(TaggingPlugin):
    """`2019..2021`, `2019..`, `..2021`: an inclusive range (usually after `annee:`)."""

    expr = r"(?P<start>\d+)?\.\.(?P<end>\d+)?(?=\s|$|\))"

    def create(self, parser, match):
        start, end = match.group("start"), match.group("end")
        if not start and not end:
            return None
        # Bounds of more than four digits are no years: past the last year any document can have.
        if start and len(start.lstrip("0")) > 4:
            start = "10000"  # after every year: nothing
        if end and len(end.lstrip("0")) > 4:
            end = None  # open: every year from `start`
        return syntax.RangeNode(start, end, False, False)


class _Parser(QueryParser):
    """Terms are grouped by the characters they come from: several lemmas of one word are alternatives
    (OR), several words (e.g. "Histoire(s)") must follow each other."""

    def __init__(self, schema, plugins=None):
        super().__init__(None, schema, plugins=plugins, group=AndGroup)
        self.add_plugin(MultifieldPlugin(DEFAULT_FIELDS, fieldboosts=FIELD_WEIGHTS, group=FieldsGroup))

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        field_type = self.schema[fieldname] if fieldname in self.schema else None
        if field_type is None or fieldname in VALUE_FIELDS or field_type.self_parsing():
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if fieldname == COMPOUNDS and termclass is wq.Term:
            joined = [t.text for t in field_type.tokenize(text, mode="query")]
            if len(joined) != 1:
                return None  # several words: each is its own piece of the query
            return wq.Term(fieldname, joined[0], boost=boost)
        if termclass is not wq.Term:
            # Prefix, wildcard: the analyser would strip `*`; fold the pattern instead.
            pattern = fold(text)
            if not pattern.strip("*?"):
                return wq.Every()
            # A leading wildcard would read every word of every field before any match (seconds on a
            # large index, past the query's time budget): the pattern starts at its first letter.
            pattern = pattern.lstrip("*?")
            if termclass is wq.Wildcard and not any(c in pattern for c in "*?"):
                termclass = wq.Prefix
            return termclass(fieldname, pattern, boost=boost)
        groups: dict[tuple[int, int], list[str]] = {}
        for tok in field_type.tokenize(text, mode="query", chars=True, removestops=removestops):
            terms = groups.setdefault((tok.startchar, tok.endchar), [])
            if tok.text not in terms:
                terms.append(tok.text)
        if not groups:
            return None
        parts = [alternatives(fieldname, texts) for texts in groups.values()]
        q = parts[0] if len(parts) == 1 else wq.Sequence(parts)
        if len(parts) > 1 and _HYPHENATED.fullmatch(text):
            # « start-up » typed: also the pages that write « startup » or « startups »
            joined = self.term_query(fieldname, _HYPHEN.sub("", text), termclass, 1.0, tokenize, removestops)
            if joined is not None:
                q = wq.Or([q, joined])
        if boost != 1.0:
            q.boost = boost
        return q


class QueryReader:
    """A query parser bound to one index generation: its schema (analysers with the generation's lemma
    table), the known values of the value fields (`values[field] -> list of display values`, and
    `labels[field] -> {value: label}` for alternative names such as French kind labels), and the acronym
    pairs the generation saved (`acronyms`), beside the common ones findit ships (an archive's own win)."""

    def __init__(
        self,
        schema,
        values: dict[str, list[str]],
        labels: dict[str, dict[str, str]] | None = None,
        acronyms: AcronymTable | None = None,
        reader=None,
        synonyms: Callable[[], Synonyms] | None = None,
    ):
        self.schema = schema
        self._reader = reader  # the generation's: its word list gives typo corrections; None: no tolerance
        self._corrections: Recent = Recent(KNOWN_WORDS)  # word -> its corrections in this generation
        self._synonyms = synonyms  # the curator's table as it is now (findit.search.synonyms)
        self._values = ValueResolver(schema, VALUE_FIELDS, values, labels)
        self._parser = self._build_parser()
        self._plain = _Parser(schema, plugins=[])
        acronyms = (acronyms or AcronymTable()).merged(common_acronyms())
        self._acronyms = (
            AcronymExpander(
                acronyms, lambda text: self._parser.parse(text, normalize=False), lambda text: _CONTROL.sub(" ", text)
            )
            if acronyms
            else None
        )

    def _build_parser(self):
        parser = _Parser(self.schema)
        parser.remove_plugin_class(OperatorsPlugin)
        parser.add_plugin(
            OperatorsPlugin(
                And=r"(?<=\s)(?:AND|ET)(?=\s)",
                Or=r"(?<=\s)(?:OR|OU)(?=\s)",
                AndNot=r"(?<=\s)ANDNOT(?=\s)",
                AndMaybe=None,
                Not=r"(?:^|(?<=[\s(]))(?:NOT|SAUF)(?=\s)",
                Require=None,
            )
        )
        parser.add_plugin(PlusMinusPlugin(plusexpr=_PLUS, minusexpr=_MINUS))
        parser.add_plugin(_AliasPlugin())
        parser.add_plugin(_YearRangePlugin())
        parser.remove_plugin_class(GtLtPlugin)
        return parser

    def readings(self, text: str, other_spellings: bool = True) -> Iterator[ReadQuery]:
        """The ways to read `text`, best first: as written with its syntax (unless the parser cannot read
        it), then as plain words, saying so. Lazy: the plain reading is made only when asked for. With
        `other_spellings`, each word also finds its other spellings the archive knows (joined or apart,
        a typo corrected: findit.search.compounds, .typos); without, only the words as typed."""
        text = _CONTROL.sub(" ", text or "").strip()
        if text.strip("* "):
            text = _NOT_WILDCARD.sub(" ", text).strip()
        if not text or not text.strip("* "):
            yield ReadQuery(None)
            return
        try:
            q = self._parser.parse(text, normalize=False)
            readable = not any(getattr(sub, "error", None) for sub in walk(q))
            parsed = self._read(self._finish(q, text), text, _words(text), other_spellings) if readable else None
        except Exception:  # noqa: BLE001 - whatever the parser makes of it, the user still gets an answer
            parsed = None
        if parsed is not None:
            yield parsed
        yield self.read_plain(text, other_spellings)

    def read(self, text: str, other_spellings: bool = True) -> ReadQuery:
        """The best reading of `text` (see readings())."""
        return next(self.readings(text, other_spellings))

    def read_plain(self, text: str, other_spellings: bool = True) -> ReadQuery:
        """The query as plain words, no syntax."""
        text = _CONTROL.sub(" ", text or "").strip()
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
