"""Why a document is where it is: for each word of the query, the fields of the document it matched and
how (as written, a form of the word, a name, a typo corrected, a synonym, an acronym…), read from the
index's postings for that one document. Plain data, for `findit query --explain` and the JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

from whoosh import query as wq

from findit.search.clauses import AcronymGroup, AcrossFields, OtherForm, text_of

# How a term of each field matches, when nothing else says.
HOW_BY_FIELD = {
    "exact": "exact",
    "title": "lemma",
    "summary": "lemma",
    "body": "lemma",
    "stems": "stem",
    "compounds": "spelling",
    "speakers": "name",
    "organisations": "name",
    "people": "name",
    "tag": "value",
    "outlet": "value",
    "kind": "value",
    "lang": "value",
    "context": "outlet-year",
    "year": "value",
}
# The fields a person reads a match in; `exact` and `stems` only say how the word was found.
SHOWN_FIELDS = (
    *("title", "summary", "body", "speakers", "organisations", "people"),
    *("tag", "outlet", "kind", "lang", "context"),
)


@dataclass(frozen=True)
class Match:
    word: str  # the piece of the query, as read (folded)
    field: str  # where in the document
    term: str  # the indexed term that matched
    how: str  # exact, lemma, stem, spelling, name, value, outlet-year, typo, synonym, acronym, derivation

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Leaf:
    word: str
    field: str
    terms: tuple[str, ...]  # one term, or the words of a phrase (all must be present)
    how: str


def explain(reader, q: wq.Query | None, docnum: int) -> list[Match]:
    """The matches of document `docnum` for the query `q` (as read, before the searcher's own rewriting).
    A word matched several ways is listed once per field, by its most direct way."""
    if q is None or q is wq.NullQuery:
        return []
    found: dict[tuple[str, str], Match] = {}
    rank = {how: i for i, how in enumerate(("exact", "lemma", "name", "value", "outlet-year", "acronym"))}
    for leaf in _leaves(q, word="", how=""):
        if not all(_holds(reader, leaf.field, term, docnum) for term in leaf.terms):
            continue
        field = leaf.field if leaf.field in SHOWN_FIELDS else ""
        match = Match(leaf.word, field or leaf.field, " ".join(leaf.terms), leaf.how)
        key = (leaf.word, match.field)
        old = found.get(key)
        if old is None or rank.get(match.how, 99) < rank.get(old.how, 99):
            found[key] = match
    return list(found.values())


def _leaves(q: wq.Query, word: str, how: str) -> Iterator[_Leaf]:
    """Every term or phrase of `q`, with the piece of the query it belongs to and how it matches."""
    if isinstance(q, wq.Not):
        return  # excluded: never a reason to be shown
    if isinstance(q, wq.AndNot):
        yield from _leaves(q.a, word, how)
        return
    if isinstance(q, OtherForm):
        for sub in q.subqueries:
            yield from _leaves(sub, word, how or q.how)
        return
    if isinstance(q, AcrossFields):
        word = word or q.word or _first_words(q)
        if isinstance(q, AcronymGroup):
            how = how or "acronym"
    if isinstance(q, wq.Term):
        field = q.fieldname
        yield _Leaf(word or text_of(q.text), field, (text_of(q.text),), how or HOW_BY_FIELD.get(field, "lemma"))
        return
    if isinstance(q, wq.Phrase):
        words = tuple(text_of(w) for w in q.words)
        yield _Leaf(word or " ".join(words), q.fieldname, words, how or HOW_BY_FIELD.get(q.fieldname, "lemma"))
        return
    for child in q.children():
        yield from _leaves(child, word, how)


def _first_words(q: wq.Query) -> str:
    """A name for a piece that is not one plain word (a phrase, a sequence): its terms in the exact field."""
    for sub in q.leaves():
        if getattr(sub, "fieldname", None) == "exact":
            if isinstance(sub, wq.Phrase):
                return " ".join(text_of(w) for w in sub.words)
            if isinstance(sub, wq.Term):
                return text_of(sub.text)
    return ""


def _holds(reader, field: str, term: str, docnum: int) -> bool:
    """Whether document `docnum` has `term` in `field`."""
    try:
        if field not in reader.schema or (field, reader.schema[field].to_bytes(term)) not in reader:
            return False
        postings = reader.postings(field, term)
        postings.skip_to(docnum)
        return postings.is_active() and postings.id() == docnum
    except Exception:  # noqa: BLE001 - an explanation never fails a search
        return False


# How each way of matching and each field is said to a person (French, as the page and the terminal).
HOW_FR = {
    "exact": "tel quel",
    "lemma": "une forme du mot",
    "stem": "un mot de la même famille",
    "spelling": "écrit attaché ou séparé",
    "name": "nom",
    "value": "valeur",
    "outlet-year": "média, type, année ou langue",
    "typo": "faute de frappe corrigée",
    "synonym": "synonyme",
    "acronym": "sigle ou forme longue",
    "derivation": "un mot dérivé",
}
FIELD_FR = {
    "title": "titre",
    "summary": "résumé",
    "body": "texte",
    "exact": "texte",
    "stems": "texte",
    "compounds": "texte",
    "speakers": "intervenant·es",
    "organisations": "organisations",
    "people": "personnes citées",
    "tag": "thème",
    "outlet": "média",
    "kind": "type",
    "lang": "langue",
    "context": "média, type, année ou langue",
    "year": "année",
}


def describe(matches: list[dict]) -> str:
    """One line for a person: « mobillier » : titre, texte (faute de frappe corrigée : mobilier) ; … Per
    word and place, the most direct way it matched."""
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for m in matches:
        how = HOW_FR.get(m["how"], m["how"])
        if m["how"] in ("typo", "synonym", "spelling", "acronym", "derivation", "stem") and m["term"] != m["word"]:
            how += f" : {m['term']}"
        place = FIELD_FR.get(m["field"], m["field"])
        rank = DIRECTNESS.index(m["how"]) if m["how"] in DIRECTNESS else len(DIRECTNESS)
        places = best.setdefault(m["word"], {})
        if place not in places or rank < places[place][0]:
            places[place] = (rank, how)
    return " ; ".join(
        f"«\u00a0{word}\u00a0» : " + ", ".join(f"{place} ({how})" for place, (_, how) in places.items())
        for word, places in best.items()
    )


# From the most direct way of matching to the least: what a place is said to have matched by.
DIRECTNESS = tuple("exact lemma name value outlet-year acronym synonym derivation spelling typo stem".split())
