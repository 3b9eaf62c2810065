"""The Whoosh schema, and how a Document plus its analysis becomes the fields of one index entry.

Shared by the indexer (which writes these fields) and the searcher (which rebuilds the schema with the
generation's lemma table, so that query and highlight analysis never need spaCy)."""

from __future__ import annotations

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from findit.analysis import (
    AnalysedDoc,
    AnalysedToken,
    LemmaTable,
    PreAnalysed,
    compound_analyzer,
    exact_analyzer,
    hyphenated,
    name_analyzer,
    stem_analyzer,
    text_analyzer,
)
from findit.documents import LANGUAGE_WORDS_FR, Document, Kind, cited_people
from findit.index.facetstore import keyword_term
from findit.jsonfile import dumps

# Weight of a match on a word's stem only (the field boosts are relative: title 4, body 1).
STEM_BOOST = 0.3


def build_schema(table: LemmaTable | None = None) -> Schema:
    text = text_analyzer(table)
    exact = exact_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        kind=ID(stored=True, sortable=True),
        lang=ID(sortable=True),  # the `lang` facet; "" when ingestion could not tell
        # Text, lemmatised: titles weigh most, then summaries, then bodies.
        title=TEXT(analyzer=text, stored=True, field_boost=4.0),
        summary=TEXT(analyzer=text, stored=True, field_boost=1.5),
        body=TEXT(analyzer=text, stored=True),
        # The same text as written (folded, not lemmatised): rewards the exact word form.
        exact=TEXT(analyzer=exact, field_boost=0.3),
        # Names: folded, never lemmatised; searchable and weighted.
        speakers=TEXT(analyzer=names, stored=True, field_boost=2.5),
        organisations=TEXT(analyzer=names, stored=True, field_boost=2.0),
        # People a document names without their speaking (a challenge's team in a data file, a page's
        # list of mentors): found by their name, below the speakers.
        people=TEXT(analyzer=names, field_boost=1.0),
        # The outlet's name, the kind's French name and the document's years as words: "<outlet> <subject>
        # 2021" is how people ask for a press item, and none need appear in its text.
        context=TEXT(analyzer=names, field_boost=1.5),
        # Words cut to their stem: the other words of a family (« recensement » for « recenser »).
        stems=TEXT(analyzer=stem_analyzer(), field_boost=STEM_BOOST),
        # Hyphenated words joined: « startup » and « start up » find « start-up ».
        compounds=TEXT(analyzer=compound_analyzer(), field_boost=0.5),
        # Facets: exact display values, one column each for fast counting.
        tag=KEYWORD(stored=True, commas=True, sortable=True),
        speaker=KEYWORD(commas=True, sortable=True),
        organisation=KEYWORD(commas=True, sortable=True),
        outlet=ID(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        date=DATETIME(stored=True, sortable=True),
        group=ID(stored=True),
        draft=BOOLEAN(stored=True),
        junk=BOOLEAN(stored=True),
        content_hash=ID(stored=True),
        # The whole Document as JSON, so a hit or a document page needs no other store.
        doc=STORED(),
    )


def _keywords(values: list[str]) -> str:
    return ",".join(keyword_term(v) for v in values if v)


def _exact(doc: Document, analysed: AnalysedDoc) -> PreAnalysed:
    """Title, summary and body as written, one text: the word forms analysis already folded, replayed
    rather than tokenised and folded a second time (a fifth of a rebuild's time when the cache is warm)."""
    parts: list[str] = []
    tokens: list[AnalysedToken] = []
    starts: list[int] = []  # where each part after the first begins, in tokens
    offset = 0
    for name in ("title", "summary", "body"):
        text = getattr(doc, name) or ""
        if not text:
            continue
        if parts:
            offset += 1
            starts.append(len(tokens))
        tokens.extend(
            AnalysedToken(t.surface, t.surface, t.start + offset, t.end + offset) for t in analysed.fields.get(name, [])
        )
        parts.append(text)
        offset += len(text)
    return PreAnalysed(" ".join(parts), tokens, tuple(starts))


def _context(doc: Document) -> str:
    years = {d.year for d in (doc.date, doc.event_date, doc.event_end) if d is not None}
    if doc.year is not None:
        years.add(doc.year)
    # The kind's French name too: « presse 2019 », « événement Lyon » name the kind of document wanted;
    # and a language other than French: « la note en anglais ».
    kind = Kind.LABELS_FR.get(doc.kind, "")
    # ...in the plural as well (« les événements de mars », « projets »): this field's words are not lemmatised.
    plural = kind + "s" if kind and not kind.endswith(("s", "x", "z")) else ""
    named = [doc.outlet or "", kind, plural, LANGUAGE_WORDS_FR.get(doc.lang or "", "")]
    return " ".join(w for w in [*named, *map(str, sorted(years))] if w)


def index_fields(doc: Document, analysed: AnalysedDoc) -> dict:
    """The keyword arguments of writer.update_document() for one document."""
    import datetime as dt

    speakers = analysed.speakers or doc.speakers
    exact = _exact(doc, analysed)  # the words as written, for the exact and the stems fields
    organisations = analysed.organisations or doc.organisations
    fields = {
        "id": doc.id,
        "source": doc.source,
        "kind": doc.kind,
        "lang": doc.lang or "",
        "content_hash": doc.content_hash,
        "speakers": " ; ".join(speakers),
        "organisations": " ; ".join(organisations),
        "people": " ; ".join(cited_people(doc.people, speakers)),
        "tag": _keywords(doc.tags),
        "speaker": _keywords(speakers),
        "organisation": _keywords(organisations),
        "outlet": doc.outlet,
        "group": doc.duplicate_group or doc.id,
        "draft": doc.draft,
        "junk": doc.junk,
        "exact": exact,
        "stems": exact,
        "context": _context(doc),
        "compounds": " ".join(w for name in ("title", "summary", "body") for w in hyphenated(getattr(doc, name) or "")),
    }
    for name in ("title", "summary", "body"):
        text = getattr(doc, name) or ""
        fields[name] = PreAnalysed(text, analysed.fields.get(name, []))
        fields["_stored_" + name] = text
    if doc.year is not None:
        fields["year"] = doc.year
    # The date a hit shows (an event's own date, else the publication date): the order of --sort date
    # and the date a date filter reads.
    when = doc.event_date if doc.kind == Kind.EVENT and doc.event_date else doc.date or doc.event_date
    if when is not None:
        fields["date"] = dt.datetime(when.year, when.month, when.day)
    stored = doc.to_dict()
    stored["speakers"], stored["organisations"] = list(speakers), list(organisations)
    fields["doc"] = dumps(stored).decode("utf-8")
    return fields
