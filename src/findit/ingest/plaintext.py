"""Pages without front matter: scraped web pages (banner, breadcrumb naming the outlet, French date and
author, boilerplate, teasers of other pages) and bare announcements with no title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from findit.ingest.dates import ParsedDate, parse_french
from findit.ingest.people import byline
from findit.ingest.quality import fast_fold

# "Accueil > modernisation.gouv.fr > Title"
BREADCRUMB_SEPARATOR = re.compile(r"\s+(?:>|›|»|/)\s+")
HOME_WORDS = frozenset({"accueil", "home", "page d'accueil", "page d’accueil"})
DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)
# Lines after which a scraped page shows other pages' teasers and site furniture, never its own text.
CUT_MARKERS = re.compile(r"^(?:désactivé|voir en ligne\s*:|du même site|sur le même sujet|à lire aussi|"
                         r"articles similaires|dans la même rubrique)", re.IGNORECASE)
# Site furniture lines, dropped wherever they are.
BOILERPLATE = frozenset(fast_fold(line) for line in (
    "Revoir tous les wébinaires", "Aller sur le site", "S'inscrire", "S’inscrire", "Le replay",
    "Lire la suite", "Partager", "Imprimer", "Retour", "Retour en haut de page", "En savoir plus",
    "Partager sur Facebook", "Partager sur Twitter", "Partager sur LinkedIn", "Désactivé", "Haut de page",
))
# "Christophe Garnier ven 10/09/2021 - 16:36" repeated at the head of a scraped article.
DATELINE = re.compile(r"(?:[A-ZÀ-Ý][\w’'-]+\s+){1,3}(?:lun|mar|mer|jeu|ven|sam|dim)\.?\s+\d{1,2}/\d{1,2}/\d{4}"
                      r"(?:\s*-\s*\d{1,2}[:h]\d{2})?\s*")
BULLET = re.compile(r"^\s*(?:[•·▪◦‣*+-]|\d+[.)])\s+")
ANNOUNCEMENT = re.compile(r"\b(?:inscription|inscrivez|rencontres?|ateliers?|webinaires?|wébinaires?|conférences?|"
                          r"rendez-vous|table ronde|meetups?|hackathons?|journées?|séminaires?|formations?|"
                          r"forums?|salons?|festivals?|sommets?|événements?|évènements?)\b", re.IGNORECASE)
# A derived title stops at the first sentence, within this many characters.
TITLE_CHARS = 120


@dataclass
class PlainPage:
    title: str = ""
    title_derived: bool = False
    date: ParsedDate = field(default_factory=lambda: ParsedDate(None))
    author: str = ""
    outlet: str = ""
    paragraphs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    is_article: bool = False
    is_announcement: bool = False


def _breadcrumb(line: str) -> list[str] | None:
    parts = [p.strip() for p in BREADCRUMB_SEPARATOR.split(line.strip())]
    if len(parts) >= 3 or (len(parts) == 2 and fast_fold(parts[0]) in HOME_WORDS):
        if fast_fold(parts[0]) in HOME_WORDS or any(DOMAIN.match(p) for p in parts):
            return parts
    return None


def read_plain(paragraphs: list[str], title: str = "") -> PlainPage:
    """Clean a page's paragraphs (lines of a scraped page, or rendered markdown) and read its header."""
    page = PlainPage(title=title)
    lines = [BULLET.sub("", p).strip() for p in paragraphs]
    lines = [line for line in lines if line]

    # Header: a banner and a breadcrumb within the first lines.
    for index, line in enumerate(lines[:6]):
        crumbs = _breadcrumb(line)
        if crumbs:
            trail = [c for c in crumbs if fast_fold(c) not in HOME_WORDS]
            if trail:
                page.outlet = trail[0] if len(trail) > 1 or DOMAIN.match(trail[0]) else ""
                if len(trail) > 1 and not page.title:
                    page.title = trail[-1]
            lines = lines[index + 1:]
            break

    # The title repeated as a line, then a dateline with the author.
    if page.title and lines and fast_fold(lines[0]) == fast_fold(page.title):
        lines = lines[1:]
    for index, line in enumerate(lines[:3]):
        if len(line) > 160:
            continue
        parsed = parse_french(line)
        author = byline(line)
        if parsed.value and (author or len(line.split()) <= 8):
            page.date, page.author, page.is_article = parsed, author, bool(author)
            del lines[index]
            break

    kept: list[str] = []
    seen: set[str] = set()
    repeated = 0
    for line in lines:
        if CUT_MARKERS.match(line):
            if kept:
                page.flags.append("other pages' teasers and site boilerplate left out")
                if not page.outlet:
                    match = re.match(r"voir en ligne\s*:\s*(?P<site>[^/\s]+\.[a-z]{2,})", line, re.IGNORECASE)
                    page.outlet = match["site"] if match else ""
                break
            continue
        if fast_fold(line) in BOILERPLATE:
            continue
        if page.title and fast_fold(line).startswith(fast_fold(page.title)) and len(line) > len(page.title):
            # The lead of a scraped article repeats title, author and time stamp before the text.
            line = line[len(page.title):].strip()
            line = DATELINE.sub("", line, count=1).strip() if DATELINE.match(line) else line
        key = re.sub(r"\W+", " ", fast_fold(line)).strip()
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        kept.append(line)
    if repeated:
        page.flags.append(f"{repeated} repeated paragraph(s) left out")
    page.paragraphs = kept
    page.is_announcement = not page.is_article and bool(ANNOUNCEMENT.search(" ".join(kept)))

    if not page.title:
        page.title, page.paragraphs = title_from(kept)
        page.title_derived = bool(page.title)
    return page


def title_from(paragraphs: list[str]) -> tuple[str, list[str]]:
    """A first line that reads as a title, else the first sentence of the text (shortened)."""
    if len(paragraphs) >= 2:
        first = paragraphs[0]
        if len(first) <= TITLE_CHARS and not re.search(r"[.:;,]$", first) and len(first.split()) >= 2:
            return first, paragraphs[1:]
    for paragraph in paragraphs:
        if len(paragraph.split()) < 6:
            continue
        sentence = re.split(r"(?<=[.!?])\s+", paragraph, maxsplit=1)[0].strip()
        if len(sentence) > TITLE_CHARS:
            cut = sentence[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–-")
            sentence = cut + "…"
        return sentence.rstrip("."), paragraphs
    return "", paragraphs
