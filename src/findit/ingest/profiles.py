"""Authors named by the slug of their profile page: Hugo's (Wowchemy's) `authors: [romaintailhurat]` refers
to `authors/romaintailhurat/_index.md`, whose title is the person's name; Jekyll sites and others keep
such pages under `team/`, `people/`, `auteurs/`… A slug alone is no name: resolved across the archive,
it makes the page's writer a speaker like any author the front matter names in full."""

from __future__ import annotations

import re

from findit.documents import Document
from findit.ingest.paths import read_path
from findit.ingest.personnames import is_name

# The sections that hold one profile page per person (folded folder names).
PROFILE_SECTIONS = frozenset(
    "authors author auteurs auteur people personnes team equipe membres members contributors contributeurs".split()
)
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
        lowered = doc.source.lower()
        if not any(section in lowered for section in PROFILE_SECTIONS):
            continue  # most documents: no path to read
        info = read_path(doc.source)
        sections, slug = [section.lower() for section in info.sections], info.stem.lower()
        bundle = len(sections) >= 2 and sections[-2] in PROFILE_SECTIONS and sections[-1] == slug  # authors/x/_index.md
        page = (
            bool(sections) and sections[-1] in PROFILE_SECTIONS and not (info.section_page or info.bundle)
        )  # authors/x.md
        if (bundle or page) and is_name(doc.title):
            names.setdefault(slug, doc.title)
    return names
