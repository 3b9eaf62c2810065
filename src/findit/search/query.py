"""Reading a user's query: whoosh.qparser with French and English field names, ET / OU / SAUF, `-word`,
`annee:2019..2021`, value fields matched without regard to case or accents, acronyms and their long forms
as one name (findit.search.acronymquery), function words optional (findit.search.relax).

`QueryReader(schema, values).readings(text)` gives the ways to read a query, best first: as written, then
as plain words. The searcher runs the first one Whoosh can run: that is the one place where a query the
parser cannot read falls back, and the reading says so. Nothing here raises for a bad query."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
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

from findit.search.acronymquery import AcronymExpander
from findit.search.clauses import FieldsGroup, LongForm, Unmarked, ValueMatch, alternatives, text_of, walk
from findit.search.relax import optional_stop_words
from findit.search.stopwords import stop_words
from findit.text import fold

if TYPE_CHECKING:
    from findit.analysis.acronyms import AcronymTable

# Fields searched by a word with no field name. Their weights are the schema's field boosts; a word also
# finds the documents filed under a tag that has it (press items sit under a section such as "Le
# programme EIG" that their own text need not repeat).
DEFAULT_FIELDS = ("title", "summary", "body", "exact", "speakers", "organisations", "tag")
# Score of a match on a value field (constant: those fields keep no frequencies).
VALUE_SCORE = 1.0
# Query-time weights on top of the schema's field boosts: a word that is a person's or an organisation's
# name in a document's metadata outweighs a passing mention (BM25 saturates index-time boosts).
FIELD_WEIGHTS = {"speakers": 1.5, "organisations": 1.3}
# Lemmatised text fields, where proximity is rewarded.
TEXT_FIELDS = ("title", "summary", "body")
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

UNREADABLE = "La requête n’a pas pu être lue telle quelle : elle a été lue comme une suite de mots."


@dataclass
class ReadQuery:
    query: wq.Query | None  # None: every document
    words: list[str] = field(default_factory=list)  # plain words of the query, for suggestions
    message: str | None = None  # how the query was read, when not as written


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

    expr = r"(?P<start>\d{1,4})?\.\.(?P<end>\d{1,4})?(?=\s|$|\))"

    def create(self, parser, match):
        start, end = match.group("start"), match.group("end")
        if not start and not end:
            return None
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
        if termclass is not wq.Term:
            # Prefix, wildcard: the analyser would strip `*`; fold the pattern instead.
            pattern = fold(text)
            if not pattern.strip("*?"):
                return wq.Every()
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
        if boost != 1.0:
            q.boost = boost
        return q


class QueryReader:
    """A query parser bound to one index generation: its schema (analysers with the generation's lemma
    table), the known values of the value fields (`values[field] -> list of display values`, and
    `labels[field] -> {value: label}` for alternative names such as French kind labels), and the acronym
    pairs the generation saved (`acronyms`)."""

    def __init__(
        self,
        schema,
        values: dict[str, list[str]],
        labels: dict[str, dict[str, str]] | None = None,
        acronyms: AcronymTable | None = None,
    ):
        self.schema = schema
        self._values: dict[str, dict[str, set[str]]] = {}
        self._lemmas: dict[str, dict[str, frozenset[str]]] = {}
        for name in VALUE_FIELDS:
            names: dict[str, set[str]] = {}
            for value in values.get(name, []):
                names.setdefault(fold(value), set()).add(value)
                label = (labels or {}).get(name, {}).get(value)
                if label:
                    names.setdefault(fold(label), set()).add(value)
            self._values[name] = names
            # The lemmas of each value's words, so that "algorithmes" finds the tag "algorithme"; read
            # when first needed.
            self._lemmas[name] = {}
        self._parser = self._build_parser()
        self._plain = _Parser(schema, plugins=[])
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

    def readings(self, text: str) -> Iterator[ReadQuery]:
        """The ways to read `text`, best first: as written with its syntax (unless the parser cannot read
        it), then as plain words, saying so. Lazy: the plain reading is made only when asked for."""
        text = _CONTROL.sub(" ", text or "").strip()
        if not text:
            yield ReadQuery(None)
            return
        try:
            q = self._parser.parse(text, normalize=False)
            readable = not any(getattr(sub, "error", None) for sub in walk(q))
            parsed = ReadQuery(self._finish(q, text), _words(text)) if readable else None
        except Exception:  # noqa: BLE001 - whatever the parser makes of it, the user still gets an answer
            parsed = None
        if parsed is not None:
            yield parsed
        yield self.read_plain(text)

    def read(self, text: str) -> ReadQuery:
        """The best reading of `text` (see readings())."""
        return next(self.readings(text))

    def read_plain(self, text: str) -> ReadQuery:
        """The query as plain words, no syntax."""
        text = _CONTROL.sub(" ", text or "").strip()
        words = _words(text)
        plain = " ".join(words)
        q = self._finish(self._plain.parse(plain, normalize=False), plain) if words else wq.NullQuery
        return ReadQuery(q, words, UNREADABLE)

    def _finish(self, q: wq.Query, text: str) -> wq.Query:
        if self._acronyms is not None:
            q = self._acronyms.expand(q, text)
        return optional_stop_words(q.accept(self._rewrite).normalize())

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if isinstance(q, wq.Every) and q.fieldname:
            return wq.Every()
        fieldname = getattr(q, "fieldname", None)
        if fieldname in VALUE_FIELDS and isinstance(q, (wq.Term, wq.Phrase, wq.Prefix, wq.Wildcard)):
            return self._resolve(q)
        if isinstance(q, wq.Phrase) and getattr(q, "char_ranges", None):
            return _regroup_phrase(q)
        return q

    def _value_lemmas(self, fieldname: str, name: str) -> frozenset[str]:
        known = self._lemmas[fieldname]
        if name not in known:
            known[name] = self._lemmas_of(name)
        return known[name]

    def _lemmas_of(self, text: str) -> frozenset[str]:
        try:
            return frozenset(self.schema["title"].process_text(text, mode="query"))
        except Exception:  # noqa: BLE001 - a value the analyser cannot read is matched by its words only
            return frozenset()

    def _resolve(self, q: wq.Query) -> wq.Query:
        """A value field term -> the known values it names, matched folded: equal, else containing the
        words, for a prefix or wildcard by pattern."""
        names = self._values[q.fieldname]
        if isinstance(q, wq.Phrase):
            text = " ".join(q.words)
        else:
            text = text_of(q.text)
        wanted = fold(text).strip()
        if isinstance(q, wq.Prefix):
            matches = [
                vals
                for name, vals in names.items()
                if name.startswith(wanted) or any(w.startswith(wanted) for w in name.split())
            ]
        elif isinstance(q, wq.Wildcard):
            matches = [vals for name, vals in names.items() if fnmatch.fnmatchcase(name, wanted)]
        elif wanted in names:
            matches = [names[wanted]]
        else:
            words = _WORD.findall(wanted)
            lemmas = self._lemmas_of(wanted) if len(words) == 1 else frozenset()
            matches = [
                vals
                for name, vals in names.items()
                if _contains(_WORD.findall(name), words)
                or (lemmas and _shares_start(name, wanted) and lemmas <= self._value_lemmas(q.fieldname, name))
            ]
        values = sorted({v for vals in matches for v in vals})
        if not values:
            return wq.NullQuery
        terms = [wq.Term(q.fieldname, v) for v in values]
        return ValueMatch(terms[0] if len(terms) == 1 else wq.Or(terms), VALUE_SCORE * q.boost)


def _shares_start(name: str, word: str) -> bool:
    """Whether a word of `name` starts like `word` (forms of one lemma share their first letters)."""
    return any(w[:3] == word[:3] for w in _WORD.findall(name))


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return n > 0 and any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


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
