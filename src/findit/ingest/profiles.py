"""Authors named by the slug of their profile page: Hugo's (Wowchemy's) `authors: [romaintailhurat]` refers
to `authors/romaintailhurat/_index.md`, whose title is the person's name; Jekyll sites and others keep
such pages under `team/`, `people/`, `auteurs/` (the folders kinds.py reads as person pages). A slug alone is no name: resolved across the archive,
it makes the page's writer a speaker like any author the front matter names in full."""

from __future__ import annotations

import re

from findit.documents import Document, Kind
from findit.ingest.kinds import WORD_KINDS, word_kind
from findit.ingest.paths import read_path
from findit.ingest.personnames import is_name
from findit.text import fold

# The folder words of person pages (kinds.py), to pass over most documents without reading their path.
_PERSON_WORDS = tuple(word for word, kind in WORD_KINDS.items() if kind == Kind.PERSON)
# A reference to a page rather than a name: one lowercase word, maybe with digits, dots, dashes.
_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def resolve_author_slugs(documents: list[Document]) -> None:
    """Add to each document's speakers the people whose profile-page slug its `author` field gives, when
    that page's title is a person's name ("admin", whose page is titled "SSP Hub", stays out)."""
    referring = [(doc, slugs) for doc in documents if doc.author and (slugs := _slugs(doc.author))]
    if not referring:
        return
    names = _profile_names(documents)
    for doc, slugs in referring:
        for slug in slugs:
            name = names.get(slug)
            if name and name not in doc.speakers and name != doc.title:
                doc.speakers = [*doc.speakers, name]


def _slugs(author: str) -> list[str]:
    return [part for part in (p.strip() for p in author.split(",")) if _SLUG.fullmatch(part)]


def _profile_names(documents: list[Document]) -> dict[str, str]:
    """slug → the title of its profile page, for the pages of a profile section."""
    names: dict[str, str] = {}
    for doc in documents:
        folded = fold(doc.source)
        if not any(word in folded for word in _PERSON_WORDS):
            continue  # most documents: no path to read
        info = read_path(doc.source)
        sections, slug = [section.lower() for section in info.sections], info.stem.lower()
        # authors/x/_index.md, or authors/x.md
        bundle = len(sections) >= 2 and word_kind(sections[-2]) == Kind.PERSON and sections[-1] == slug
        page = bool(sections) and word_kind(sections[-1]) == Kind.PERSON and not (info.section_page or info.bundle)
        if (bundle or page) and is_name(doc.title):
            names.setdefault(slug, doc.title)
    return names
