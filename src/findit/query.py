"""Reading a user's query: whoosh.qparser with French and English field names, ET / OU / SAUF, `-word`,
`annee:2019..2021`, value fields matched without regard to case or accents, and a plain-words fallback.

`QueryReader(schema, values).read(text) -> ReadQuery`. Nothing here raises for a bad query: what the parser
cannot read is read again as plain words, and the result says so.

An acronym the archive defines and its long form are one name: wherever the plain words of a query hold
the acronym (« DITP », « ditp ») or the words of its long form (« direction interministérielle de la
transformation publique », accents, case and elisions aside), that part becomes one group, « the acronym
OR the long form as a phrase », built the same way from either writing, so both queries are the same
query and rank alike. Quoted phrases and fielded clauses are left as written."""

from __future__ import annotations

import copy
import fnmatch
import importlib.util
import re
import runpy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from unidecode import unidecode
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

# When every word together finds fewer results than this (none), documents with some of the words are
# offered: a query that paraphrases a title still finds it.
MIN_ALL_WORDS = 3
# Coordination: a document matching more of the words scores more (as Whoosh's OrGroup.factory).
ANY_WORDS_SCALE = 0.9
WIDENED = "Peu de documents contiennent tous les mots : voici aussi ceux qui en contiennent une partie."

UNREADABLE = ("La requête n’a pas pu être lue telle quelle : elle a été lue comme une suite de mots.")


def fold(text: str) -> str:
    return unidecode(text).lower()


@dataclass
class ReadQuery:
    query: wq.Query | None           # None: every document
    words: list[str] = field(default_factory=list)   # plain words of the query, for suggestions
    message: str | None = None       # how the query was read, when not as written


# Weight of an optional function word's score next to the query's other words.
FUNCTION_WORD_WEIGHT = 0.1


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French function words (spaCy's list, folded): not required in a query of plain words, though they
    still score where present. Read from spaCy's data file without importing spaCy, which the query path
    must not load."""
    try:
        spec = importlib.util.find_spec("spacy")
        path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "fr" / "stop_words.py"
        words = runpy.run_path(str(path))["STOP_WORDS"]
    except Exception:  # noqa: BLE001 - without the list every word is required, which still works
        return frozenset()
    return frozenset(fold(w) for w in words)


def optional_stop_words(q: wq.Query) -> wq.Query:
    """In an AND of plain words, function words become optional (unless every word is one)."""
    if not isinstance(q, wq.And):
        return q
    required, optional = [], []
    stops = stop_words()
    for clause in q.subqueries:
        word = _plain_word(clause)
        (optional if word is not None and word in stops else required).append(clause)
    if not optional or not required:
        return q
    main = required[0] if len(required) == 1 else wq.And(required)
    # A function word says little about relevance ("a" is also every "à"): it only breaks near-ties.
    optional = [clause.with_boost(FUNCTION_WORD_WEIGHT) for clause in optional]
    return wq.AndMaybe(main, optional[0] if len(optional) == 1 else wq.Or(optional))


def widened(q: wq.Query | None) -> wq.Query | None:
    """The query with its plain words joined by OR instead of AND (a document matching more of them
    scores more); other clauses (fields, phrases, exclusions) stay required. None when the query has
    fewer than two plain words."""
    negative = None
    if isinstance(q, wq.AndNot):
        q, negative = q.a, q.b
    if isinstance(q, wq.AndMaybe):
        optional = q.b.subqueries if isinstance(q.b, wq.Or) and _plain_word(q.b) is None else [q.b]
        clauses = list(q.a.subqueries if isinstance(q.a, wq.And) else [q.a]) + list(optional)
    elif isinstance(q, wq.And):
        clauses = list(q.subqueries)
    else:
        return None
    stops = stop_words()
    words = [c for c in clauses if _plain_word(c) not in (None, *stops)]
    optional = [c for c in clauses if _plain_word(c) in stops]
    others = [c for c in clauses if _plain_word(c) is None]
    if len(words) < 2:
        return None
    wide = wq.Or(words, scale=ANY_WORDS_SCALE)
    if others:
        wide = wq.And([*others, wide])
    if optional:
        wide = wq.AndMaybe(wide, optional[0] if len(optional) == 1 else wq.Or(optional))
    return wq.AndNot(wide, negative) if negative is not None else wide


def _plain_word(clause: wq.Query) -> str | None:
    """The folded word a clause searches across fields (its `exact` term), if it is one plain word."""
    if not isinstance(clause, wq.Or):
        return None
    for sub in clause.subqueries:
        if isinstance(sub, wq.Term) and sub.fieldname == "exact":
            return fold(sub.text)
    return None


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
        self.add_plugin(MultifieldPlugin(DEFAULT_FIELDS, fieldboosts=FIELD_WEIGHTS))

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


def alternatives(fieldname: str, texts: list[str]) -> wq.Query:
    """One word's terms in a field: the term, or its alternatives OR-ed."""
    if len(texts) == 1:
        return wq.Term(fieldname, texts[0])
    return wq.Or([wq.Term(fieldname, t) for t in texts])


class QueryReader:
    """A query parser bound to one index generation: its schema (analysers with the generation's lemma
    table), the known values of the value fields (`values[field] -> list of display values`, and
    `labels[field] -> {value: label}` for alternative names such as French kind labels), and the acronym
    pairs the generation saved (`acronyms`)."""

    def __init__(self, schema, values: dict[str, list[str]], labels: dict[str, dict[str, str]] | None = None,
                 acronyms: "AcronymTable | None" = None):
        self.schema = schema
        self.acronyms = acronyms
        # Folded acronym -> its group query (None: it could not be built); built when first needed.
        self._groups: dict[str, wq.Query | None] = {}
        self._longest = max(map(len, acronyms.long_forms), default=0) if acronyms else 0
        self._values = {}
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

    def _build_parser(self):
        parser = _Parser(self.schema)
        parser.remove_plugin_class(OperatorsPlugin)
        parser.add_plugin(OperatorsPlugin(
            And=r"(?<=\s)(?:AND|ET)(?=\s)",
            Or=r"(?<=\s)(?:OR|OU)(?=\s)",
            AndNot=r"(?<=\s)ANDNOT(?=\s)",
            AndMaybe=None,
            Not=r"(?:^|(?<=[\s(]))(?:NOT|SAUF)(?=\s)",
            Require=None,
        ))
        parser.add_plugin(PlusMinusPlugin(plusexpr=_PLUS, minusexpr=_MINUS))
        parser.add_plugin(_AliasPlugin())
        parser.add_plugin(_YearRangePlugin())
        parser.remove_plugin_class(GtLtPlugin)
        return parser

    def read(self, text: str) -> ReadQuery:
        text = _CONTROL.sub(" ", text or "").strip()
        if not text:
            return ReadQuery(None)
        try:
            q = self._parser.parse(text, normalize=False)
            if any(getattr(sub, "error", None) for sub in _walk(q)):
                raise ValueError("unreadable clause")
            return ReadQuery(self._finish(q, text), _words(text))
        except Exception:  # noqa: BLE001 - whatever the parser makes of it, the user still gets an answer
            return self.read_plain(text)

    def read_plain(self, text: str) -> ReadQuery:
        """The query as plain words, no syntax (the fallback when a parsed query cannot be run)."""
        text = _CONTROL.sub(" ", text or "").strip()
        words = _words(text)
        plain = " ".join(words)
        q = self._finish(self._plain.parse(plain, normalize=False), plain) if words else wq.NullQuery
        return ReadQuery(q, words, UNREADABLE)

    def _finish(self, q: wq.Query, text: str) -> wq.Query:
        if self.acronyms:
            # Before rewriting and normalising: each word's clauses still carry the characters they come
            # from, and a quoted word is still a phrase, not a plain word.
            q = self._expand_acronyms(q, text)
        return optional_stop_words(q.accept(self._rewrite).normalize())

    # -- acronyms ----------------------------------------------------------------------------------------

    def _expand_acronyms(self, q: wq.Query, text: str) -> wq.Query:
        """The query with each acronym, and each run of plain words spelling a long form, replaced by the
        acronym's group."""
        if isinstance(q, wq.And):
            new = copy.copy(q)
            new.subqueries = self._expand_run(list(q.subqueries), text)
            return new
        if isinstance(q, wq.Or):
            # One word's clauses across fields, or several words' (`a OU b` is one flat Or).
            subs: list[wq.Query] = []
            for segment in _segments(q.subqueries):
                word = _segment_word(segment)
                if word is None:
                    subs.extend(self._expand_acronyms(sub, text) for sub in segment)
                elif self._is_acronym(segment, word, text) and self._group(word) is not None:
                    subs.append(self._group(word))
                else:
                    subs.extend(segment)
            new = copy.copy(q)
            new.subqueries = subs
            return new
        return q.apply(lambda child: self._expand_acronyms(child, text))

    def _expand_run(self, clauses: list[wq.Query], text: str) -> list[wq.Query]:
        """The clauses of an AND, runs of plain words spelling a long form replaced by its group."""
        words = [_single_word(c) for c in clauses]
        out: list[wq.Query] = []
        i = 0
        while i < len(clauses):
            key, n = self._long_form_at(words, i)
            group = self._group(key) if key is not None else None
            if group is None:
                out.append(self._expand_acronyms(clauses[i], text))
                i += 1
            else:
                if not (out and out[-1] == group):    # « long form (DITP) »: one group, not twice
                    out.append(group)
                i += n
        return out

    def _long_form_at(self, words: list[str | None], i: int) -> tuple[str | None, int]:
        """The acronym whose long form the plain words starting at i spell (the longest), and its length."""
        for n in range(min(self._longest, len(words) - i), 1, -1):
            run = words[i:i + n]
            if None not in run:
                key = self.acronyms.long_forms.get(tuple(run))
                if key is not None:
                    return key, n
        return None, 0

    def _is_acronym(self, segment: list[wq.Query], word: str, text: str) -> bool:
        """Whether a plain word names a known acronym: as written in capitals, or in lower case unless it
        is short or a function word (« ce » is not the acronym CE)."""
        if self.acronyms.get(word) is None:
            return False
        span = _span(segment[0])
        written = text[span[0]:span[1]] if span else ""
        return written.isupper() or (len(word) >= 3 and word not in stop_words())

    def _group(self, key: str) -> wq.Query | None:
        """« ACRONYM OR "long form" » as this parser reads it, the same whichever way the user wrote it;
        None when it cannot be built (the words are then left as written)."""
        if key not in self._groups:
            entry = self.acronyms.get(key)
            group = None
            if entry is not None:
                try:
                    parts = [self._parser.parse(entry.acronym, normalize=False)]
                    for long_form in entry.long_forms:
                        phrase = _CONTROL.sub(" ", long_form).replace('"', " ")
                        # A phrase scores the sum of its words: weighed as one word, like the acronym,
                        # so that a page naming the body either way is not outranked by the long form's
                        # words alone.
                        scale = 1.0 / max(1, len(_WORD.findall(phrase)))
                        parts.append(self._parser.parse(f'"{phrase}"', normalize=False).accept(
                            lambda q, scale=scale: _LongForm.of(q, scale) if isinstance(q, wq.Phrase) else q))
                    if not any(getattr(sub, "error", None) for p in parts for sub in _walk(p)):
                        group = wq.Or(parts)
                except Exception:  # noqa: BLE001 - an acronym the parser cannot read is left as written
                    group = None
            self._groups[key] = group
        return self._groups[key]

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
            text = q.text if isinstance(q.text, str) else q.text.decode("utf-8", "replace")
        wanted = fold(text).strip()
        if isinstance(q, wq.Prefix):
            matches = [vals for name, vals in names.items()
                       if name.startswith(wanted) or any(w.startswith(wanted) for w in name.split())]
        elif isinstance(q, wq.Wildcard):
            matches = [vals for name, vals in names.items() if fnmatch.fnmatchcase(name, wanted)]
        elif wanted in names:
            matches = [names[wanted]]
        else:
            words = _WORD.findall(wanted)
            lemmas = self._lemmas_of(wanted) if len(words) == 1 else frozenset()
            matches = [vals for name, vals in names.items()
                       if _contains(_WORD.findall(name), words)
                       or (lemmas and _shares_start(name, wanted) and lemmas <= self._value_lemmas(q.fieldname, name))]
        values = sorted({v for vals in matches for v in vals})
        if not values:
            return wq.NullQuery
        terms = [wq.Term(q.fieldname, v) for v in values]
        return _ValueMatch(terms[0] if len(terms) == 1 else wq.Or(terms), VALUE_SCORE * q.boost)


def _shares_start(name: str, word: str) -> bool:
    """Whether a word of `name` starts like `word` (forms of one lemma share their first letters)."""
    return any(w[:3] == word[:3] for w in _WORD.findall(name))


class _ValueMatch(wq.ConstantScoreQuery):
    """A value field match, scored as a constant."""

    boost = 1.0     # Whoosh's Or.normalize reads every subquery's boost; ConstantScoreQuery has none


class _LongForm(wq.Phrase):
    """An acronym's long form: a phrase whose function words are not marked on their own in snippets (the
    highlighter marks words, not phrases, so « de » and « la » would be marked everywhere)."""

    @classmethod
    def of(cls, q: wq.Phrase, scale: float) -> "_LongForm":
        return cls(q.fieldname, q.words, slop=q.slop, boost=q.boost * scale, char_ranges=q.char_ranges)

    def expanded_terms(self, ixreader, phrases=True):
        stops = stop_words()
        return [(f, t) for f, t in super().expanded_terms(ixreader, phrases) if _text(t) not in stops]


class _Unmarked(wq.Term):
    """A function word of a long form read as a sequence of alternatives: not marked on its own."""

    def expanded_terms(self, ixreader, phrases=True):
        return []


def _text(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return n > 0 and any(words[i:i + n] == wanted for i in range(len(words) - n + 1))


def _regroup_phrase(q: wq.Phrase) -> wq.Query:
    """A phrase whose words include several lemmas of one source word: a sequence of alternatives."""
    groups: dict[tuple, list[str]] = {}
    for word, span in zip(q.words, q.char_ranges):
        terms = groups.setdefault(span if span[0] is not None else (len(groups), None), [])
        if word not in terms:
            terms.append(word)
    if len(groups) == len(q.words):
        return q
    parts = [alternatives(q.fieldname, texts) for texts in groups.values()]
    if isinstance(q, _LongForm):
        stops = stop_words()
        parts = [part.accept(lambda t: _Unmarked(t.fieldname, t.text, boost=t.boost)
                             if isinstance(t, wq.Term) and _text(t.text) in stops else t) for part in parts]
    if len(parts) == 1:
        return parts[0]
    return wq.Sequence(parts, slop=q.slop, boost=q.boost)


def _span(q: wq.Query) -> tuple[int, int] | None:
    """The characters of the query a clause was read from, when the parser recorded them."""
    start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _segments(clauses) -> list[list[wq.Query]]:
    """Consecutive clauses read from the same characters (one word across fields) grouped together."""
    out: list[list[wq.Query]] = []
    for clause in clauses:
        span = _span(clause)
        if out and span is not None and _span(out[-1][0]) == span:
            out[-1].append(clause)
        else:
            out.append([clause])
    return out


def _segment_word(segment: list[wq.Query]) -> str | None:
    """The folded word a segment searches across fields (its `exact` term), if it is one plain word."""
    if _span(segment[0]) is None:
        return None
    for clause in segment:
        if isinstance(clause, wq.Term) and clause.fieldname == "exact":
            return fold(clause.text)
    return None


def _single_word(clause: wq.Query) -> str | None:
    """The folded word of a clause that is one plain word across fields, else None."""
    if not isinstance(clause, wq.Or):
        return None
    segments = _segments(clause.subqueries)
    return _segment_word(segments[0]) if len(segments) == 1 else None


def _walk(q: wq.Query):
    yield q
    for child in q.children():
        yield from _walk(child)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)
