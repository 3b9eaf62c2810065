"""A document's kind, from what the site says of it: its front matter (`type`, `layout`, `categories`),
any section folder of its path (language folders and build roots passed over), its event keys, and last
its own words (a dated page announcing a workshop is an event)."""

from __future__ import annotations

import re

from findit.documents import Kind
from findit.ingest.fields import AUTHOR_KEYS, DATE_KEYS, EVENT_DATE_KEYS, as_list, first, text_of
from findit.ingest.paths import PathInfo, section_words
from findit.text import fold

# Section folders, layouts and types, folded, singular or plural, "_" prefix removed.
WORD_KINDS = {
    **dict.fromkeys(
        "personne people person team equipe author auteur membre member profil profile portrait speaker"
        " intervenant".split(),
        Kind.PERSON,
    ),
    **dict.fromkeys("defi projet project challenge startup produit realisation".split(), Kind.PROJECT),
    **dict.fromkeys(
        "event evenement evenment agenda talk webinaire webinar atelier workshop meetup conference rencontre"
        " seminaire formation-session".split(),
        Kind.EVENT,
    ),
    **dict.fromkeys(
        "post blog article entretien interview actualite actu news billet publication infolettre newsletter"
        " lettre temoignage chronique".split(),
        Kind.ARTICLE,
    ),
    # Teaching material kept as pages (Hugo's `course`): a course « Portail de la formation du SSPCloud »
    # is no training session announced, whatever its title's words.
    **dict.fromkeys("course cours tutorial tutoriel".split(), Kind.PAGE),
}
# A team's layout lists its members: no one person's profile.
COLLECTIVE = frozenset("team equipe communaute community members membres people".split())
# Layouts that say nothing of the content.
NEUTRAL_LAYOUTS = frozenset("default page home base single list none main wide full".split())
EVENT_KEYS = ("lieu", "adresse", "champs_informations", "event_end_date", "acces", "date_end", "event_url", "all_day")
ANNOUNCEMENT = re.compile(
    r"\b(?:inscription|inscrivez|rencontres?|ateliers?|webinaires?|wébinaires?|conférences?|"
    r"rendez-vous|table ronde|meetups?|hackathons?|journées?|séminaires?|formations?|"
    r"forums?|salons?|festivals?|sommets?|événements?|évènements?)\b",
    re.IGNORECASE,
)


def word_kind(word: object) -> str:
    """The kind a folder, layout or type names ("_posts" → article, "Événements" → event), or ""."""
    if not isinstance(word, str):
        return ""
    key = fold(word).strip().strip("_")
    for candidate in (key, key[:-1] if key.endswith(("s", "x")) else key):
        if candidate in WORD_KINDS:
            return WORD_KINDS[candidate]
    return ""


def front_matter_kind(meta: dict) -> str:
    """What `type` or `layout` names (Hugo, Jekyll, Eleventy), then `categories` ("Événement")."""
    for key in ("type", "layout", "kind", "content_type"):
        value = meta.get(key)
        if isinstance(value, str) and fold(value).strip() not in NEUTRAL_LAYOUTS | COLLECTIVE:
            kind = word_kind(value.split("/")[-1])
            if kind:
                return kind
    for value in [*as_list(meta.get("categories")), meta.get("categorie"), meta.get("category")]:
        if word_kind(value) == Kind.EVENT:
            return Kind.EVENT
    return ""


def folder_kind(info: PathInfo) -> str:
    """The first section folder from the root that names a kind."""
    for word in section_words(info):
        kind = word_kind(word)
        if kind:
            return kind
    return ""


def name_kind(info: PathInfo) -> str:
    """The kind a file's own name says ("Lettre Big Data n5.pdf" → article), for files without folders."""
    for word in re.findall(r"[A-ZÀ-Ý]?[a-zà-ÿ]+|[A-ZÀ-Ý]+(?![a-zà-ÿ])", info.stem):  # "LettreBigData7" too
        kind = word_kind(word) if len(word) > 3 else ""
        if kind:
            return kind
    return ""


def kind_of(info: PathInfo, meta: dict, title: str) -> str:
    if info.section_page:
        return Kind.PAGE  # Hugo's _index.md lists a section; it is not one of its items
    stated = front_matter_kind(meta)
    folder = folder_kind(info)
    for kind in (Kind.PERSON, Kind.PROJECT, Kind.EVENT):
        if kind in (stated, folder):
            return kind
    if first(meta, EVENT_DATE_KEYS) is not None or any(meta.get(k) for k in EVENT_KEYS):
        return Kind.EVENT
    if Kind.ARTICLE in (stated, folder):
        return Kind.ARTICLE
    if Kind.PAGE in (stated, folder):
        return Kind.PAGE
    if meta.get("firstName") or meta.get("lastName"):
        return Kind.ARTICLE
    dated = first(meta, DATE_KEYS) is not None or (info.date is not None and info.date.value is not None)
    if dated and first(meta, AUTHOR_KEYS) is not None:
        return Kind.ARTICLE
    if dated:
        # A dated page announcing a webinar, a workshop, a forum… is an event even without event keys.
        labels = " ".join(
            [title, *(text_of(t) for t in as_list(meta.get("categories"))), text_of(meta.get("categorie"))]
        )
        if ANNOUNCEMENT.search(labels):
            return Kind.EVENT
    return Kind.PAGE
