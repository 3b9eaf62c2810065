"""Pages without front matter: scraped web pages (banner, breadcrumb naming the outlet, French date and
author, boilerplate, cards of other pages) and bare announcements with no title.

A scraped page shows its own article, then cards of other pages of the site (articles and events, with
their own text and speakers), each card ended by the site's "Désactivé" marker. The page's own text and
each card with text of its own come out as separate blocks, so that nothing searchable is lost and no
card's words or people are credited to the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from findit.ingest import quality
from findit.ingest.dates import NO_DATE, ParsedDate
from findit.ingest.kinds import ANNOUNCEMENT
from findit.ingest.peopletext import byline
from findit.ingest.sitenames import DOMAIN
from findit.ingest.textdates import parse_text as parse_french
from findit.text import fast_fold

# "Accueil > modernisation.gouv.fr > Title"
BREADCRUMB_SEPARATOR = re.compile(r"\s+(?:>|›|»|/)\s+")
HOME_WORDS = frozenset({"accueil", "home", "page d'accueil", "page d’accueil"})
# The end of a card (the page's own article or another page's card), sometimes followed on the same line by
# the card's footer: "Désactivé En ligne https://… Diffuser l'innovation publique".
CARD_END = re.compile(r"^désactivé\b[\s:–-]*(?P<footer>.*)$", re.IGNORECASE)
# Headings before teasers of other pages: what follows is another block (the heading is furniture).
TEASERS_START = re.compile(
    r"^(?:sur le même sujet|à lire aussi|articles similaires|dans la même rubrique)\b", re.IGNORECASE
)
# After these, only site furniture follows: a link back to the page, "Du même site", the site's banner.
PAGE_END = re.compile(r"^(?:voir en ligne\s*:|du même site)", re.IGNORECASE)
# Site furniture lines, dropped wherever they are.
BOILERPLATE = frozenset(
    fast_fold(line)
    for line in (
        "Revoir tous les wébinaires",
        "Aller sur le site",
        "S'inscrire",
        "S’inscrire",
        "Le replay",
        "Lire la suite",
        "Partager",
        "Imprimer",
        "Retour",
        "Retour en haut de page",
        "En savoir plus",
        "Partager sur Facebook",
        "Partager sur Twitter",
        "Partager sur LinkedIn",
        "Désactivé",
        "Haut de page",
    )
)
# "Christophe Garnier ven 10/09/2021 - 16:36" repeated at the head of a scraped article.
DATELINE = re.compile(
    r"(?:[A-ZÀ-Ý][\w’'-]+\s+){1,3}(?:lun|mar|mer|jeu|ven|sam|dim)\.?\s+\d{1,2}/\d{1,2}/\d{4}"
    r"(?:\s*-\s*\d{1,2}[:h]\d{2})?\s*"
)
BULLET = re.compile(r"^\s*(?:[•·▪◦‣*+-]|\d+[.)])\s+")
# "Nos intervenants :", "Intervenantes", "Avec :" — the bullets after it are "Name, role, organisation".
SPEAKERS_HEADING = re.compile(
    r"^(?:(?:nos|les)\s+)?(?:intervenant|orateur|oratrice|invité|panéliste|speaker)"
    r"(?:e)?s?\s*:?$|^avec\s*:$",
    re.IGNORECASE,
)
URL = re.compile(r"https?://\S+")
# A derived title stops at the first sentence, within this many characters.
TITLE_CHARS = 120
# A card's first line is its title when it is no longer than this and does not end like a sentence.
CARD_TITLE_CHARS = 200
# A card of fewer words than this with no line of text under its title is a bare link to another page.
MIN_CARD_WORDS = 8


@dataclass
class PlainBlock:
    """Another page's card shown on a scraped page, with text of its own: one more document."""

    position: int  # 1 for the first card after the page's own text
    title: str
    paragraphs: list[str]
    speaker_lines: list[str] = field(default_factory=list)  # bullets under "Nos intervenants"
    title_derived: bool = False
    venue: str = ""  # from the card's footer ("En ligne")
    url: str = ""  # the card's link, from its footer
    label: str = ""  # the site's rubric, from its footer
    flags: list[str] = field(default_factory=list)


@dataclass
class PlainPage:
    title: str = ""
    title_derived: bool = False
    date: ParsedDate = NO_DATE
    author: str = ""
    outlet: str = ""
    paragraphs: list[str] = field(default_factory=list)
    speaker_lines: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    is_article: bool = False
    is_announcement: bool = False
    blocks: list[PlainBlock] = field(default_factory=list)


@dataclass
class _Segment:
    lines: list[str] = field(default_factory=list)
    footer: str = ""


def _breadcrumb(line: str) -> list[str] | None:
    parts = [p.strip() for p in BREADCRUMB_SEPARATOR.split(line.strip())]
    if len(parts) >= 3 or (len(parts) == 2 and fast_fold(parts[0]) in HOME_WORDS):
        if fast_fold(parts[0]) in HOME_WORDS or any(DOMAIN.match(p) for p in parts):
            return parts
    return None


def read_plain(paragraphs: list[str], title: str = "") -> PlainPage:
    """Clean a page's paragraphs (lines of a scraped page, or rendered markdown), read its header, and
    split off the cards of other pages it shows."""
    page = PlainPage(title=title)
    lines: list[str] = []
    bulleted: set[str] = set()
    for paragraph in paragraphs:
        line = BULLET.sub("", paragraph).strip()
        if line:
            if line != paragraph.strip():
                bulleted.add(line)
            lines.append(line)

    # Header: a banner and a breadcrumb within the first lines.
    for index, line in enumerate(lines[:6]):
        crumbs = _breadcrumb(line)
        if crumbs:
            trail = [c for c in crumbs if fast_fold(c) not in HOME_WORDS]
            if trail:
                page.outlet = trail[0] if len(trail) > 1 or DOMAIN.match(trail[0]) else ""
                if len(trail) > 1 and not page.title:
                    page.title = trail[-1]
            lines = lines[index + 1 :]
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

    segments = _segments(lines, page)
    own = segments[0] if segments else _Segment()
    kept, repeated = _clean(own.lines, page.title)
    if repeated:
        page.flags.append(quality.repeated_paragraphs(repeated))
    page.paragraphs = kept
    page.speaker_lines = _speaker_lines(kept, bulleted)
    page.is_announcement = not page.is_article and bool(ANNOUNCEMENT.search(" ".join(kept)))

    if not page.title:
        page.title, page.paragraphs = title_from(kept)
        page.title_derived = bool(page.title)

    bare = 0
    for segment in segments[1:]:
        block = _block(segment, len(page.blocks) + 1, bulleted)
        if isinstance(block, PlainBlock):
            page.blocks.append(block)
        else:
            bare += block
    if bare:
        page.flags.append(f"{bare} accroche(s) d'autres pages sans texte laissée(s) de côté")
    return page


def _segments(lines: list[str], page: PlainPage) -> list[_Segment]:
    """The page's own lines, then each card's, split at the site's markers; furniture at the end dropped."""
    segments = [_Segment()]
    for index, line in enumerate(lines):
        if PAGE_END.match(line):
            if not page.outlet:
                match = re.match(r"voir en ligne\s*:\s*(?P<site>[^/\s]+\.[a-z]{2,})", line, re.IGNORECASE)
                page.outlet = match["site"] if match else ""
            if any(_has_text(segment.lines) for segment in segments):
                furniture = [rest for rest in lines[index + 1 :] if not PAGE_END.match(rest)]
                if furniture:
                    page.flags.append(
                        f"{len(furniture)} ligne(s) d'habillage du site après la fin de la page laissée(s) de côté"
                    )
                break
            continue
        card_end = CARD_END.match(line)
        if card_end or TEASERS_START.match(line):
            # A marker before any text of the page (or of a card) only closes furniture.
            if _has_text(segments[-1].lines):
                if card_end:
                    segments[-1].footer = card_end["footer"].strip()
                segments.append(_Segment())
            continue
        segments[-1].lines.append(line)
    return [segment for segment in segments if _has_text(segment.lines)] or [segments[0]]


def _has_text(lines: list[str]) -> bool:
    return any(fast_fold(line) not in BOILERPLATE for line in lines)


def _clean(lines: list[str], title: str) -> tuple[list[str], int]:
    """A block's lines without site furniture and repeated paragraphs; the lead that repeats the title,
    author and time stamp is cut back to the text."""
    kept: list[str] = []
    seen: set[str] = set()
    repeated = 0
    for line in lines:
        if fast_fold(line) in BOILERPLATE:
            continue
        if title and fast_fold(line).startswith(fast_fold(title)) and len(line) > len(title):
            line = line[len(title) :].strip()
            line = DATELINE.sub("", line, count=1).strip() if DATELINE.match(line) else line
        key = re.sub(r"\W+", " ", fast_fold(line)).strip()
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        kept.append(line)
    return kept, repeated


def _speaker_lines(lines: list[str], bulleted: set[str]) -> list[str]:
    """The bullets right under a "Nos intervenants" heading."""
    found: list[str] = []
    under_heading = False
    for line in lines:
        if SPEAKERS_HEADING.match(line):
            under_heading = True
        elif under_heading and line in bulleted:
            found.append(line)
        else:
            under_heading = False
    return found


def _block(segment: _Segment, position: int, bulleted: set[str]) -> PlainBlock | int:
    """A card as a block with its title (its first line) and text; else 1 for a bare link to another page
    (a title alone), 0 for nothing at all."""
    kept, repeated = _clean(segment.lines, "")
    if not kept:
        return 0
    title, derived = kept[0], False
    if len(kept) > 1 and len(title) <= CARD_TITLE_CHARS and not re.search(r"[.:;,]$", title):
        paragraphs, _ = _clean(kept[1:], title)
    else:
        if len(kept) == 1 and len(title.split()) < MIN_CARD_WORDS:
            return 1
        title, paragraphs = title_from(kept)
        derived = True
        if not title:
            return 1
    block = PlainBlock(
        position=position,
        title=title,
        paragraphs=paragraphs,
        title_derived=derived,
        speaker_lines=_speaker_lines(paragraphs, bulleted),
    )
    if repeated:
        block.flags.append(quality.repeated_paragraphs(repeated))
    _read_footer(segment.footer, block)
    return block


def _read_footer(footer: str, block: PlainBlock) -> None:
    """ "En ligne https://app.livestorm.co/… Diffuser l'innovation publique": where, the link, the rubric."""
    link = URL.search(footer)
    before, after = (footer[: link.start()], footer[link.end() :]) if link else ("", footer)
    before, after = before.strip(" ,;–-"), after.strip(" ,;–-")
    if link:
        block.url = link.group(0).rstrip(".,;)")
    if before and len(before.split()) <= 6:
        block.venue = before
    if after and len(after.split()) <= 8 and not URL.search(after):
        block.label = after


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
