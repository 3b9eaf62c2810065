"""Pages without front matter: a scraped page's own document, then one per card of another page it shows
(an article or an event with text of its own); see plaintext.py for how the page is read."""

from __future__ import annotations

import datetime as dt
import re

from findit.documents import Document, Kind
from findit.ingest import lang, people, peopletext, plaintext, quality
from findit.ingest.ids import part_id, source_id
from findit.ingest.markup import MARKDOWN_HINT, clean_spaces, render
from findit.ingest.paths import PathInfo
from findit.ingest.sitenames import site_outlet
from findit.ingest.textdates import find_event_date, parse_appointment


def from_plain(info: PathInfo, text: str, warnings: list[str]) -> list[Document]:
    rows: list[tuple[str, ...]] = []
    if MARKDOWN_HINT.search(text) or re.search(r"<(?:p|div|br|a|table)\b", text):
        rendered = render(text)
        heading = rendered.headings[0][1] if rendered.headings and rendered.headings[0][0] <= 2 else ""
        paragraphs = [p for p in rendered.paragraphs if p != heading] if heading else rendered.paragraphs
        page = plaintext.read_plain(paragraphs, title=heading)
        links, named, rows = rendered.links, rendered.named_lines, rendered.rows
    else:
        page = plaintext.read_plain([clean_spaces(line) for line in text.split("\n")])
        links, named = [], []
    flags = list(warnings) + list(page.flags)
    if page.title_derived:
        flags.append(quality.TITLE_FROM_TEXT)
    if not page.title and info.name_title:
        page.title = info.name_title
        flags.append(quality.TITLE_FROM_FILE_NAME)
    if page.date.flag:
        flags.append(f"date : {page.date.flag}")
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(page.paragraphs)
    flags.extend(junk_flags)

    kind = Kind.ARTICLE if page.is_article else Kind.EVENT if page.is_announcement else Kind.PAGE
    found = people.People()
    _people(paragraphs, page.speaker_lines, named, links, found, own_text_only=bool(page.blocks))
    people.from_rows(rows, found, programme=kind == Kind.EVENT)
    # A plain page's kind is a guess from its words: the people it introduces stay its speakers.
    found.finish()
    published = page.date if page.date.value else info.date
    doc = Document(
        id=source_id(info.source),
        kind=kind,
        title=page.title,
        body="\n\n".join(paragraphs),
        source=info.source,
        date=published.value if published else None,
        date_precision=published.precision if published else "day",
        year=published.year if published else None,
        outlet=page.outlet or site_outlet(info.source),
        author=page.author,
        speakers=found.speakers,
        organisations=found.organisations,
        people=found.people,
        flags=flags,
    )
    if kind == Kind.EVENT:
        when = find_event_date([page.title, *paragraphs[:3]], doc.date)
        if when.value:
            doc.event_date, doc.event_end, doc.event_precision = when.value, when.end, when.precision
            doc.year = when.value.year
            flags.append(quality.event_date_from_text(when.value))
    doc.lang = lang.language(info.lang, doc.title, doc.body)
    quality.flag_document(doc)
    if info.draft:
        quality.mark_draft(doc, info.draft)
    if junk:
        quality.mark_junk(doc, junk)
    return [doc, *(_card(doc, block, named, links) for block in page.blocks)]


def _people(
    paragraphs: list[str], speaker_lines: list[str], named: list, links: list, found: people.People, own_text_only: bool
) -> None:
    if own_text_only:
        # On a page showing other pages' cards, bold names and person links count only for the block
        # whose text holds them.
        text = "\n".join(paragraphs)
        named = [line for line in named if line.strong in text]
        links = [link for link in links if link.text in text]
    people.from_named_lines(named, found)
    people.from_links(links, found, speakers=False)
    people.from_speaker_lines(speaker_lines, found)
    peopletext.from_text(paragraphs, found)
    peopletext.from_written_by(paragraphs[:3], found)


def _card(page: Document, block: plaintext.PlainBlock, named: list, links: list) -> Document:
    """Another page's card shown on a scraped page: an event when its text says when it takes place (the
    year, when missing, is the page's), else an article of the same site."""
    flags = list(block.flags)
    if block.title_derived:
        flags.append(quality.TITLE_FROM_TEXT)
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(block.paragraphs)
    flags.extend(junk_flags)
    found = people.People()
    peopletext.from_title(block.title, found)
    _people(paragraphs, block.speaker_lines, named, links, found, own_text_only=True)
    found.finish()

    when = parse_appointment(" ".join([block.title, *paragraphs]), page.year)
    kind = Kind.EVENT if when.value or when.flag else Kind.ARTICLE
    if when.flag:
        flags.append(f"{quality.EVENT_DATE} : {when.flag}")
    year = when.value.year if when.value else page.year
    by_year = year if year and not when.value else None  # known only by the year its page shows
    if by_year:
        flags.append(f"année {year} tirée de la page qui la montre")
    doc = Document(
        id=part_id(page.id, block.position),
        kind=kind,
        title=block.title,
        body="\n\n".join(paragraphs),
        source=page.source,
        # Known by its year alone: dated 1 January of it, said to be a year, so that sorting and date
        # filters place it with the others and the page shows « 2021 », not a day.
        date=dt.date(by_year, 1, 1) if by_year else None,
        date_precision="year" if by_year else "day",
        event_date=when.value,
        event_end=when.end,
        year=year,
        tags=[block.label] if block.label else [],
        outlet=page.outlet,
        url=block.url,
        venue=block.venue if kind == Kind.EVENT else "",
        speakers=found.speakers,
        organisations=found.organisations,
        people=found.people,
        lang=lang.language("", block.title, *paragraphs) or page.lang,
        flags=flags,
    )
    quality.flag_document(doc)
    if junk:
        quality.mark_junk(doc, junk)
    return doc
