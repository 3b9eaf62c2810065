"""The data passed between findit's stages: documents out of ingestion, and what went wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from findit.jsonfile import dumps
from findit.text import digest


class Kind:
    """Document kinds. Plain strings so they index, serialise and facet as they are."""

    EVENT = "event"  # an event page (workshop, meetup, training…)
    ARTICLE = "article"  # a news or blog article, an interview
    COVERAGE = "coverage"  # one press item taken from a press page
    PAGE = "page"  # any other site page
    PERSON = "person"  # a profile page of a person
    PROJECT = "project"  # a programme challenge / project page

    ALL = (EVENT, ARTICLE, COVERAGE, PAGE, PERSON, PROJECT)
    # Where people speak or write: elsewhere (a project, a profile, a legal notice) a page's text only
    # mentions the people it names; its speakers are those its structure states.
    SPEAKING = (EVENT, ARTICLE, COVERAGE)
    LABELS_FR = {
        EVENT: "Événement",
        ARTICLE: "Article",
        COVERAGE: "Presse",
        PAGE: "Page",
        PERSON: "Personne",
        PROJECT: "Projet",
    }


# How a French query names a document's language other than French (« la note en anglais », « version
# anglaise », « in English »): words of the document, as its outlet and year are (findit.index.schema).
LANGUAGE_WORDS_FR = {
    "en": "anglais anglaise english",
    "de": "allemand allemande deutsch",
    "es": "espagnol espagnole español",
    "it": "italien italienne italiano",
    "nl": "néerlandais néerlandaise nederlands",
    "pt": "portugais portugaise português",
}
# A document's language as the `lang` facet shows it (a code not named here is shown as it is).
LANGUAGE_LABELS_FR = {
    "fr": "Français",
    "en": "Anglais",
    "de": "Allemand",
    "es": "Espagnol",
    "it": "Italien",
    "nl": "Néerlandais",
    "pt": "Portugais",
}


@dataclass
class Document:
    """One searchable unit: an event, an article, a page, or one press coverage item."""

    id: str  # stable: derived from source (+ item position), never random
    kind: str  # one of Kind.ALL
    title: str
    body: str  # clean text, paragraphs separated by blank lines
    source: str  # file path relative to the corpus root, POSIX
    date: dt.date | None = None  # publication date
    event_date: dt.date | None = None  # when the event takes place, for events
    event_end: dt.date | None = None  # last day of an event over several days
    # What the source stated of a date: "day", "month" (« mai 2022 ») or "year"; the date field then holds
    # the first day of that month or year, which a page must not show as a day.
    date_precision: str = "day"
    event_precision: str = "day"
    year: int | None = None  # event's year for an event, else publication's
    tags: list[str] = field(default_factory=list)  # tags + categories merged, display form kept
    outlet: str = ""  # press outlet for coverage; site or organiser otherwise
    url: str = ""  # coverage: the article's own URL
    venue: str = ""
    author: str = ""
    speakers: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # people only mentioned (not speaking, not writing)
    captions: list[str] = field(default_factory=list)  # body paragraphs captioning a picture: pictured, not speaking
    lang: str = ""  # ISO 639-1 language of the text ("fr", "en"); "" when unknown
    summary: str = ""  # chapeau / description / the quote of a coverage item
    draft: bool = False  # published: false, [duplication] titles…
    junk: bool = False  # lorem ipsum, keyboard mash, TEST entries
    flags: list[str] = field(default_factory=list)  # why draft/junk, human-readable
    duplicate_group: str = ""  # id shared by near-duplicates; "" when unique
    content_hash: str = ""  # hash of the fields analysis depends on

    def copy(self) -> Document:
        """A copy whose lists are its own (every other field is immutable): what copy.deepcopy gives, for
        the whole archive at each update. Its attributes are copied, not passed to __init__ again as
        dataclasses.replace() does (three times the time, 0.3 s per update at 10,000 documents)."""
        new = object.__new__(Document)
        new.__dict__ = {
            **self.__dict__,
            "tags": list(self.tags),
            "speakers": list(self.speakers),
            "organisations": list(self.organisations),
            "people": list(self.people),
            "captions": list(self.captions),
            "flags": list(self.flags),
        }
        return new

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("date", "event_date", "event_end"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data


# The fields analysis reads: what content_hash() covers.
ANALYSED_FIELDS = ("title", "summary", "body", "speakers", "organisations")


def cited_people(people: list[str], speakers: list[str]) -> list[str]:
    """The people a document names who are not among its speakers (« personnes citées »): what the index's
    people field holds and what the document's page lists."""
    return [p for p in people if p not in speakers]


def content_hash(doc: Document) -> str:
    """Hash of every field analysis reads: an unchanged hash means the cached analysis still holds."""
    return digest(dumps([getattr(doc, name) for name in ANALYSED_FIELDS]))


@dataclass
class SkippedFile:
    """A content file that gave no document, and why (reported, never fatal)."""

    source: str
    reason: str  # in French, for people
    code: str = "other"  # stable ASCII key for scripts (findit.ingest.skips.Skip)


@dataclass
class Corpus:
    """What ingestion made of a folder: the documents, and the files it had to skip."""

    root: str
    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    files_seen: int = 0
    # ids of the documents that may differ from the ones the same Ingester gave last (all, the first time);
    # None: not known (a Corpus made otherwise)
    changed: set[str] | None = None


def file_format(doc: Document) -> str:
    """The format family of a document's file: html, pdf, ics, yml, or text (Markdown and the like)."""
    suffix = doc.source.rsplit(".", 1)[-1].lower() if "." in doc.source.rsplit("/", 1)[-1] else ""
    return (
        {"htm": "html", "xhtml": "html", "yaml": "yml", "ical": "ics"}.get(suffix, suffix)
        if suffix in ("html", "htm", "xhtml", "pdf", "ics", "ical", "yml", "yaml")
        else "text"
    )
