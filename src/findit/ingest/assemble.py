"""One file's text to its documents: front-matter pages (Jekyll, Hugo, Gridsome), press pages (one
coverage document per item) and plain scraped pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from findit.documents import Document, Kind
from findit.ingest import dates, people, plaintext, press, quality
from findit.ingest.frontmatter import split
from findit.ingest.ids import item_id, part_id, source_id
from findit.ingest.markup import MARKDOWN_HINT, clean_spaces, html_to_text, render
from findit.text import fast_fold, fold, fold_key

TITLE_KEYS = ("title", "titre", "name")
SUMMARY_KEYS = ("chapeau-text", "chapeau", "description", "desc", "summary", "excerpt", "lead")
DATE_KEYS = ("date", "publishedDate", "published_date", "pubDate", "publication_date")
EVENT_DATE_KEYS = ("event_start_date", "event_date", "dateEvent", "start_date", "startDate", "date_debut")
TAG_KEYS = ("tags", "categories", "categorie", "category", "themes")
AUTHOR_KEYS = ("author", "authors", "auteur", "auteurs")
EVENT_KEYS = ("lieu", "adresse", "champs_informations", "event_end_date", "acces")
# Sections of a site, from the folder (or from a flattened "section__name" file name), to a kind.
SECTION_KINDS = {
    "personnes": Kind.PERSON,
    "people": Kind.PERSON,
    "team": Kind.PERSON,
    "defis": Kind.PROJECT,
    "projets": Kind.PROJECT,
    "projects": Kind.PROJECT,
    "blog": Kind.ARTICLE,
    "articles": Kind.ARTICLE,
    "entretiens": Kind.ARTICLE,
    "actualites": Kind.ARTICLE,
    "news": Kind.ARTICLE,
    "posts": Kind.ARTICLE,
    "_posts": Kind.ARTICLE,
    "presse": Kind.ARTICLE,
    "evenements": Kind.EVENT,
    "_evenements": Kind.EVENT,
    "events": Kind.EVENT,
    "agenda": Kind.EVENT,
}
# Publication and event dates further apart than this are not the same occasion: one is a placeholder.
MAX_EVENT_GAP_YEARS = 2


def build(source: str, text: str) -> list[Document]:
    """The documents of one file (raises FrontMatterError for unreadable front matter)."""
    parsed = split(text)
    if parsed.has_front_matter:
        return _from_front_matter(source, parsed.metadata, parsed.content)
    return _from_plain(source, text)


# --- front matter -------------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A scalar front-matter value as clean one-line text ("\\n" escapes and HTML included)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = html_to_text(text)
    return re.sub(r"\s+", " ", text).strip()


def _first(meta: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _section(source: str) -> str:
    """The site section of a file: its first folder, else the prefix of a flattened "section__name"."""
    path = PurePosixPath(source)
    for part in path.parts[:-1]:
        if part.lower() in SECTION_KINDS:
            return part.lower()
    if "__" in path.name:
        return path.name.split("__", 1)[0].lower()
    return path.parts[-2].lower() if len(path.parts) > 1 else ""


def site_outlet(source: str) -> str:
    """The site a file belongs to, from a folder named after it ("numerique-gouv" → numerique.gouv.fr)."""
    for part in PurePosixPath(source).parts[:-1]:
        name = part.lower()
        if plaintext.DOMAIN.match(name):
            return name
        match = re.fullmatch(r"([a-z0-9-]+)-gouv(?:-fr)?", name)
        if match:
            return f"{match.group(1).replace('-', '.')}.gouv.fr"
    return ""


def _tags(meta: dict) -> list[str]:
    tags: list[str] = []
    seen: set[str] = set()
    for key in TAG_KEYS:
        value = meta.get(key)
        values = value if isinstance(value, list) else [value]
        for item in values:
            tag = _text(item)
            folded = fold_key(tag)
            if tag and folded not in seen:
                seen.add(folded)
                tags.append(tag)
    return tags


def _venue(meta: dict) -> str:
    parts: list[str] = []
    for key in ("lieu", "adresse", "place", "venue", "location"):
        value = meta.get(key)
        if isinstance(value, str):
            # "7 Rue Geoffroy l'Angevin \n75004 Paris ": a line break in an address separates its parts.
            value = ", ".join(line.strip() for line in value.splitlines() if line.strip())
        part = _text(value).strip(" ,")
        if part and not any(fold(part) in fold(p) for p in parts):
            parts.append(part)
    return ", ".join(parts)


def _author(meta: dict) -> str:
    value = _first(meta, AUTHOR_KEYS)
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _kind(meta: dict, section: str) -> str:
    if section in SECTION_KINDS and SECTION_KINDS[section] != Kind.ARTICLE:
        return SECTION_KINDS[section]
    if _first(meta, EVENT_DATE_KEYS) is not None or any(meta.get(k) for k in EVENT_KEYS):
        return Kind.EVENT
    if section in SECTION_KINDS:
        return SECTION_KINDS[section]
    if meta.get("firstName") or meta.get("lastName"):
        return Kind.ARTICLE
    if _first(meta, DATE_KEYS) is not None and _first(meta, AUTHOR_KEYS) is not None:
        return Kind.ARTICLE
    if _first(meta, DATE_KEYS) is not None:
        # A dated page announcing a webinar, a workshop, a forum… is an event even without event keys.
        labels = " ".join(
            [
                _text(_first(meta, TITLE_KEYS)),
                *(_text(t) for t in _as_list(meta.get("categories"))),
                _text(meta.get("categorie")),
            ]
        )
        if plaintext.ANNOUNCEMENT.search(labels):
            return Kind.EVENT
    return Kind.PAGE


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def _dates(meta: dict, kind: str, flags: list[str]) -> tuple[dt.date | None, dt.date | None, int | None]:
    published = dates.parse_value(_first(meta, DATE_KEYS))
    event = dates.parse_value(_first(meta, EVENT_DATE_KEYS)) if kind == Kind.EVENT else dates.ParsedDate(None)
    for parsed, what in ((published, "date"), (event, "event date")):
        if parsed.flag:
            flags.append(f"{what}: {parsed.flag}")
    event_date = event.value
    if event_date and published.value and abs(event_date.year - published.value.year) > MAX_EVENT_GAP_YEARS:
        flags.append(
            f"event date {event_date.isoformat()} disagrees with the publication date "
            f"{published.value.isoformat()}: ignored"
        )
        event_date = None
    if kind == Kind.EVENT and (event.flag or event.value) and not event_date:
        # An unusable event date: the title or the lead often says when it is ("les 7, 8 et 9 septembre 2021").
        for text in (_text(_first(meta, TITLE_KEYS)), _text(_first(meta, SUMMARY_KEYS))):
            written = dates.parse_french(text)
            if written.value and not written.month_only:
                event_date = written.value
                flags.append(f"event date {event_date.isoformat()} read from the text")
                break
    end = dates.parse_value(meta.get("event_end_date")) if kind == Kind.EVENT else dates.ParsedDate(None)
    if end.value and event_date and end.value < event_date:
        flags.append(f"event ends ({end.value.isoformat()}) before it starts ({event_date.isoformat()})")
    year = event_date.year if event_date else published.year
    return published.value, event_date, year


def _summary(meta: dict) -> str:
    value = _first(meta, SUMMARY_KEYS)
    if not isinstance(value, str):
        return _text(value)
    if MARKDOWN_HINT.search(value) or "<" in value:
        return " ".join(render(value).paragraphs)
    return _text(value)


def _dedupe(paragraphs: list[str], flags: list[str]) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        key = re.sub(r"\W+", " ", fast_fold(paragraph)).strip()
        if key and key in seen and len(key) > 20:
            continue
        seen.add(key)
        kept.append(paragraph)
    if len(kept) < len(paragraphs):
        flags.append(f"{len(paragraphs) - len(kept)} repeated paragraph(s) left out")
    return kept


def _from_front_matter(source: str, meta: dict, content: str) -> list[Document]:
    section = _section(source)
    kind = _kind(meta, section)
    flags: list[str] = []
    rendered = render(content) if content.strip() else render("")
    doc_id = source_id(source)

    title = _text(_first(meta, TITLE_KEYS))
    if not title and (meta.get("firstName") or meta.get("lastName")):
        name = f"{_text(meta.get('firstName'))} {_text(meta.get('lastName'))}".strip()
        role = ", ".join(p for p in (_text(meta.get("job")), _text(meta.get("company"))) if p)
        title = f"{name} ({role})" if role else name
        flags.append("no title: made from the interviewee's name")
    elif not title and rendered.headings:
        title = rendered.headings[0][1]
        flags.append("no title: first heading used")
    elif not title:
        derived, _ = plaintext.title_from(rendered.paragraphs)
        if derived:
            title = derived
            flags.append("no title: derived from the text")

    # A press page's items become their own documents: only its introduction speaks for the page.
    press_page = press.read_press_page(rendered)
    paragraphs = press_page.intro if press_page else rendered.paragraphs
    found = people.People()
    people.from_front_matter(meta, found)
    if not press_page:
        people.from_named_lines(rendered.named_lines, found)
        people.from_links(rendered.links, found)
    summary = _summary(meta)
    people.from_text([summary, *paragraphs], found)
    if kind == Kind.PERSON and title:
        found.add_speaker(title)
    who = _text(meta.get("who"))
    if who:
        found.add_organisation(who)
    for entry in found.test_entries:
        flags.append(f"test entry left out: {entry}")

    published, event_date, year = _dates(meta, kind, flags)
    url = _text(meta.get("url"))
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(paragraphs)
    flags.extend(junk_flags)
    paragraphs = _dedupe(paragraphs, flags)
    outlet = site_outlet(source)

    page = Document(
        id=doc_id,
        kind=kind,
        title=title,
        body="\n\n".join(paragraphs),
        source=source,
        date=published,
        event_date=event_date,
        year=year,
        tags=_tags(meta),
        outlet=outlet,
        url=url if url.startswith(("http://", "https://")) else "",
        venue=_venue(meta) if kind == Kind.EVENT else "",
        author=_author(meta),
        speakers=found.speakers,
        organisations=found.organisations,
        summary=summary,
        flags=flags,
    )
    quality.flag_document(page, meta)
    if junk:
        quality.mark_junk(page, junk)
    documents = [page]
    if press_page:
        documents.extend(_coverage(page, press_page))
    return documents


def _coverage(page: Document, press_page: press.PressPage) -> list[Document]:
    documents: list[Document] = []
    used: set[str] = set()
    for item in press_page.items:
        doc_id = item_id(page.id, item.position, item.url)
        if doc_id in used:
            doc_id = item_id(page.id, item.position, "")
        used.add(doc_id)
        flags = [f"date: {item.date.flag}"] if item.date.flag else []
        found = people.People()
        people.from_text([item.title, item.quote], found)
        doc = Document(
            id=doc_id,
            kind=Kind.COVERAGE,
            title=item.title,
            body="",
            source=page.source,
            date=item.date.value,
            year=item.date.year or item.heading_year,
            tags=[item.section] if item.section else [],
            outlet=item.outlet,
            url=item.url,
            speakers=found.speakers,
            organisations=found.organisations,
            summary=item.quote,
            flags=flags,
        )
        quality.flag_document(doc)
        documents.append(doc)
    return documents


# --- plain pages --------------------------------------------------------------------------------------


def _from_plain(source: str, text: str) -> list[Document]:
    """A plain page's own document, then one per card of another page it shows (an article or an event
    with text of its own)."""
    if MARKDOWN_HINT.search(text) or re.search(r"<(?:p|div|br|a)\b", text):
        rendered = render(text)
        heading = rendered.headings[0][1] if rendered.headings and rendered.headings[0][0] <= 2 else ""
        paragraphs = [p for p in rendered.paragraphs if p != heading] if heading else rendered.paragraphs
        page = plaintext.read_plain(paragraphs, title=heading)
        links, named = rendered.links, rendered.named_lines
    else:
        page = plaintext.read_plain([clean_spaces(line) for line in text.split("\n")])
        links, named = [], []
    flags = list(page.flags)
    if page.title_derived:
        flags.append("no title: derived from the text")
    if page.date.flag:
        flags.append(f"date: {page.date.flag}")
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(page.paragraphs)
    flags.extend(junk_flags)

    found = people.People()
    _people(paragraphs, page.speaker_lines, named, links, found, own_text_only=bool(page.blocks))
    kind = Kind.ARTICLE if page.is_article else Kind.EVENT if page.is_announcement else Kind.PAGE
    doc = Document(
        id=source_id(source),
        kind=kind,
        title=page.title,
        body="\n\n".join(paragraphs),
        source=source,
        date=page.date.value,
        year=page.date.year,
        outlet=page.outlet or site_outlet(source),
        author=page.author,
        speakers=found.speakers,
        organisations=found.organisations,
        flags=flags,
    )
    quality.flag_document(doc)
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
    people.from_links(links, found)
    people.from_speaker_lines(speaker_lines, found)
    people.from_text(paragraphs, found)


def _card(page: Document, block: plaintext.PlainBlock, named: list, links: list) -> Document:
    """Another page's card shown on a scraped page: an event when its text says when it takes place (the
    year, when missing, is the page's), else an article of the same site."""
    flags = list(block.flags)
    if block.title_derived:
        flags.append("no title: derived from the text")
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(block.paragraphs)
    flags.extend(junk_flags)
    found = people.People()
    people.from_title(block.title, found)
    _people(paragraphs, block.speaker_lines, named, links, found, own_text_only=True)

    when = dates.parse_appointment(" ".join([block.title, *paragraphs]), page.year)
    kind = Kind.EVENT if when.value or when.flag else Kind.ARTICLE
    if when.flag:
        flags.append(f"event date: {when.flag}")
    year = when.value.year if when.value else page.year
    if not when.value and year:
        flags.append(f"year {year} taken from the page showing it")
    doc = Document(
        id=part_id(page.id, block.position),
        kind=kind,
        title=block.title,
        body="\n\n".join(paragraphs),
        source=page.source,
        event_date=when.value,
        year=year,
        tags=[block.label] if block.label else [],
        outlet=page.outlet,
        url=block.url,
        venue=block.venue if kind == Kind.EVENT else "",
        speakers=found.speakers,
        organisations=found.organisations,
        flags=flags,
    )
    quality.flag_document(doc)
    if junk:
        quality.mark_junk(doc, junk)
    return doc
