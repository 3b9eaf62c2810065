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


def add_authors(doc: Document, names: dict[str, str]) -> None:
    """Add to a document's speakers the people whose profile-page slug its `author` field gives (`names`:
    from profile_names(); "admin", whose page is titled "SSP Hub", is in none)."""
    for slug in slugs(doc.author) if doc.author else ():
        name = names.get(slug)
        if name and name not in doc.speakers and name != doc.title:
            doc.speakers = [*doc.speakers, name]


def slugs(author: str) -> list[str]:
    """The references to profile pages an `author` field holds."""
    return [part for part in (p.strip() for p in author.split(",")) if _SLUG.fullmatch(part)]


def may_be_profile(source: str) -> bool:
    """Whether a file's path may be a profile page's (most are not, without reading the path)."""
    folded = fold(source)
    return any(word in folded for word in _PERSON_WORDS)


def profile_names(documents: list[Document]) -> dict[str, str]:
    """slug → the title of its profile page, for the pages of a profile section (the first, in the
    archive's order, when two give one slug)."""
    names: dict[str, str] = {}
    for doc in documents:
        if not may_be_profile(doc.source):
            continue
        info = read_path(doc.source)
        sections, slug = [section.lower() for section in info.sections], info.stem.lower()
        # authors/x/_index.md, or authors/x.md
        bundle = len(sections) >= 2 and word_kind(sections[-2]) == Kind.PERSON and sections[-1] == slug
        page = bool(sections) and word_kind(sections[-1]) == Kind.PERSON and not (info.section_page or info.bundle)
        if (bundle or page) and is_name(doc.title):
            names.setdefault(slug, doc.title)
    return names
