"""findit's query language, as a Whoosh parser: French and English field names (`titre:`, `intervenant:`,
`orga:`, any case, with or without accents), ET / OU / SAUF, `-word`, year ranges (`annee:2019..2021`), and
how a piece of text becomes a query in each field (the lemmas of one word as alternatives, the words of
« Histoire(s) » or « start-up » in sequence, patterns folded). What the query then means is
findit.search.query's business."""

from __future__ import annotations

import re

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

from findit.search.clauses import COMPOUNDS, FieldsGroup, alternatives
from findit.text import fold

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
VALUE_FIELDS = ("tag", "outlet", "kind", "lang")

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
    "lang": ("langue", "lang", "language"),
    "date": ("date",),
}
FIELD_ALIASES = {alias: name for name, aliases in FIELD_NAMES.items() for alias in aliases}

# `-word` and `+word` only at the start of a word, so that "start-up" or "Saint-Denis" stay words.
_MINUS = r"(?:^|(?<=[\s(]))-(?=[^\s-])"
_PLUS = r"(?:^|(?<=[\s(]))\+(?=[^\s+])"
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_HYPHENATED = re.compile(r"\w+(?:[-\u2010\u2011]\w+)+")


# AND / ET between words: the operator, as the parser reads it and the reader checks for it (query.py).
AND_WORDS = r"(?<=\s)(?:AND|ET)(?=\s)"

# `name:` before a word, outside quotes (« auteur:galiana », « onyxia foo:bar »).
_NAMED = re.compile(r'"[^"]*"?|(?<![\w:])(\w+):(?=\w)')
UNKNOWN_FIELD = "« {names} » n’est pas un champ : cherché comme un mot (champs : titre, intervenant, orga, média, tag, année, type, langue)."


def unknown_fields(text: str) -> tuple[str, list[str]]:
    """The query with each `name:` that names no field made a word of its own (« auteur:galiana » is
    « auteur galiana », every word searched, not the phrase Whoosh makes of a word holding a colon), and
    those names."""
    unknown: list[str] = []

    def word(m: re.Match) -> str:
        name = m.group(1)
        if name is None or fold(name) in FIELD_ALIASES or name.isdigit():
            return m.group(0)  # a quoted phrase, a field, a time (« 10:30 »)
        unknown.append(name)
        return name + " "

    return _NAMED.sub(word, text), unknown


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


class Parser(QueryParser):
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


def build_parser(schema) -> Parser:
    """The parser of a query as written, with its syntax; `Parser(schema, plugins=[])` reads plain words."""
    parser = Parser(schema)
    parser.remove_plugin_class(OperatorsPlugin)
    parser.add_plugin(
        OperatorsPlugin(
            And=AND_WORDS,
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
