"""An HTML page (a built site, a saved web page) to its document: trafilatura finds the main text, without
navigation, header, footer or inline SVG, and the page's title, date (meta tags, `<time>`), canonical URL
and site name; the language comes from `<html lang>`."""

from __future__ import annotations

import re

from findit.documents import Document, Kind
from findit.ingest import lang, people, peopletext, quality
from findit.ingest.dates import NO_DATE, parse_value
from findit.ingest.docdates import PageDates
from findit.ingest.htmltext import render_html
from findit.ingest.ids import source_id
from findit.ingest.kinds import kind_of
from findit.ingest.paths import read_path
from findit.ingest.press import read_press_page
from findit.ingest.reading import UnreadableFile
from findit.ingest.skips import Skip
from findit.ingest.textdates import find_event_date

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


def read_html(source: str, html: str, warnings: list[str]) -> list[Document]:
    import trafilatura

    from findit.ingest.assemble import coverage

    info = read_path(source)
    extracted = trafilatura.extract(
        html, output_format="html", include_links=True, include_tables=True, include_images=False,
        include_comments=False, with_metadata=False, favor_recall=True,
    )  # fmt: skip
    # Dates from the page's metadata and <time> only: a year in a footer is no publication date.
    meta = trafilatura.extract_metadata(html, extensive=False)
    rendered = render_html(extracted or "")
    paragraphs = [p for p in rendered.paragraphs if p.strip()]
    title = (meta.title if meta and meta.title else "") or (rendered.headings[0][1] if rendered.headings else "")
    title = _TITLE_SUFFIX.sub("", title.strip()) if " | " in title else title.strip()
    if not paragraphs and not title:
        raise UnreadableFile(Skip.NO_TEXT, "aucun texte dans la page (rien que des scripts, des styles ou du balisage)")
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    flags = list(warnings)
    if not title:
        title = info.name_title
        flags.append(quality.TITLE_FROM_FILE_NAME)
    summary = (meta.description or "").strip() if meta else ""
    categories = list(meta.categories or []) if meta else []
    published = parse_value(meta.date) if meta and meta.date else NO_DATE
    kind = kind_of(info, {"categories": categories, "date": meta.date if meta else None}, title)
    dates = PageDates(published)
    if kind == Kind.EVENT:
        written = find_event_date([title, summary, *paragraphs[:3]], published.value)
        if written.value:
            dates.event = written
            flags.append(quality.event_date_from_text(written.value))
    found = people.People()
    people.from_named_lines(rendered.named_lines, found)
    people.from_links(rendered.links, found, speakers=kind == Kind.EVENT)
    people.from_rows(rendered.rows, found, programme=kind == Kind.EVENT)
    captions = set(rendered.captions)
    said = peopletext.not_pictured(paragraphs, rendered.captions, event=kind == Kind.EVENT)
    peopletext.from_text([summary, *said], found, event=kind == Kind.EVENT)
    peopletext.from_presented_items(said, found)
    peopletext.from_written_by([summary, *said[:3]], found)
    if meta and meta.author:
        for name in re.split(r";|,| et | and ", meta.author):
            found.add_speaker(name)
    found.finish(speaking=kind in Kind.SPEAKING)
    press_page = read_press_page(rendered, f"{source} {title}")
    if press_page:
        paragraphs = press_page.intro
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(paragraphs)
    flags.extend(junk_flags)
    stated = lang.normalise(match.group(1)) if (match := _HTML_LANG.search(html[:5000])) else ""
    body = "\n\n".join(paragraphs)
    doc = Document(
        id=source_id(source),
        kind=kind,
        title=title,
        body=body,
        source=source,
        tags=[t for t in (meta.tags or []) if t] if meta else [],
        outlet=(meta.sitename or "") if meta else "",
        url=(meta.url or "") if meta and (meta.url or "").startswith("http") else "",
        author=(meta.author or "") if meta else "",
        speakers=found.speakers,
        organisations=found.organisations,
        people=found.people,
        captions=[p for p in paragraphs if p in captions],
        lang=lang.language(stated or info.lang, title, summary, body),
        summary=summary if summary != title else "",
        flags=flags,
    )
    dates.apply(doc)
    quality.flag_document(doc)
    if info.draft:
        quality.mark_draft(doc, info.draft)
    if junk:
        quality.mark_junk(doc, junk)
    return [doc, *coverage(doc, press_page.items if press_page else [])]
