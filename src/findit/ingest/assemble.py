"""One text file (Markdown, MDX, Nunjucks or Liquid template, plain text) to its documents: front-matter
pages (Jekyll, Hugo, Eleventy, Gridsome), press pages (one coverage document per item) and plain pages
(plainpage.py)."""

from __future__ import annotations

import re

from findit.documents import Document, Kind
from findit.ingest import fields, lang, people, peopletext, plainpage, plaintext, quality
from findit.ingest.docdates import read_dates
from findit.ingest.frontmatter import split
from findit.ingest.htmltext import render_html
from findit.ingest.ids import item_id, source_id
from findit.ingest.kinds import kind_of
from findit.ingest.markup import Rendered, render
from findit.ingest.paths import PathInfo, read_path
from findit.ingest.press import PressItem, read_press_page
from findit.ingest.presslists import press_lists
from findit.ingest.reading import UnreadableFile
from findit.ingest.sitenames import site_outlet
from findit.ingest.skips import Skip
from findit.ingest.templates import only_template_code, strip_template_code
from findit.text import fast_fold


def build(source: str, text: str, warnings: tuple[str, ...] | list[str] = ()) -> list[Document]:
    """The documents of one text file; UnreadableFile when nothing in it can be read."""
    info = read_path(source)
    parsed = split(text)
    flags = [*warnings, *parsed.warnings]
    mdx = source.lower().endswith(".mdx")
    if parsed.has_front_matter:
        return _from_front_matter(info, parsed.metadata, parsed.content, flags, mdx)
    stripped = strip_template_code(parsed.content, mdx)
    if only_template_code(parsed.content, stripped):
        raise UnreadableFile(Skip.TEMPLATE_ONLY, quality.TEMPLATE_ONLY)
    return plainpage.from_plain(info, stripped, flags)


def _title(meta: dict, rendered: Rendered, info: PathInfo, flags: list[str]) -> str:
    title = fields.text_of(fields.first(meta, fields.TITLE_KEYS))
    if title:
        return title
    if meta.get("firstName") or meta.get("lastName"):
        name = f"{fields.text_of(meta.get('firstName'))} {fields.text_of(meta.get('lastName'))}".strip()
        role = ", ".join(p for p in (fields.text_of(meta.get("job")), fields.text_of(meta.get("company"))) if p)
        flags.append(f"{quality.NO_TITLE} : fait du nom de la personne interviewée")
        return f"{name} ({role})" if role else name
    heading = next((text for _, text in rendered.headings if re.search(r"[^\W\d_]{2}", text)), "")
    if heading:
        flags.append(f"{quality.NO_TITLE} : premier intertitre repris")
        return heading
    derived, _ = plaintext.title_from(rendered.paragraphs)
    if derived:
        flags.append(quality.TITLE_FROM_TEXT)
        return derived
    if info.name_title and (rendered.paragraphs or meta):
        flags.append(quality.TITLE_FROM_FILE_NAME)
        return info.name_title
    return ""


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
        flags.append(quality.repeated_paragraphs(len(paragraphs) - len(kept)))
    return kept


def _people(
    meta: dict,
    kind: str,
    title: str,
    summary: str,
    rendered: Rendered,
    paragraphs: list[str],
    press: bool,
    extra: list[str],
):
    found = people.People()
    people.from_front_matter(meta, found)
    if not press:
        people.from_named_lines(rendered.named_lines, found, speakers=kind == Kind.EVENT)
        people.from_links(rendered.links, found, speakers=kind == Kind.EVENT)
        people.from_rows(rendered.rows, found, programme=kind == Kind.EVENT)
        if kind == Kind.EVENT:
            people.from_speaker_lines([block.text for block in rendered.blocks if block.item], found, roles_only=True)
            peopletext.from_title(title, found)
            # « event: Présentation par X (Statistics Canada) … » in the front matter names the presenter too.
            peopletext.from_presenters([title, summary, *extra, *paragraphs], found)
    said = peopletext.not_pictured(paragraphs, rendered.captions, event=kind == Kind.EVENT)
    peopletext.from_text([summary, *said], found, event=kind == Kind.EVENT)
    peopletext.from_presented_items(said, found)
    peopletext.from_written_by([summary, *said[:3]], found)
    if kind == Kind.PERSON and title:
        found.add_speaker(title, stated=True)
    who = fields.text_of(meta.get("who"))
    if who:
        found.add_organisation(who)
    found.finish(speaking=kind in Kind.SPEAKING)
    return found


def _from_front_matter(info: PathInfo, meta: dict, content: str, flags: list[str], mdx: bool) -> list[Document]:
    stripped = strip_template_code(content, mdx)
    if content.strip() and only_template_code(content, stripped):
        flags.append(quality.TEMPLATE_ONLY_BODY)
    # An HTML page of a site generator is HTML with template code: no Markdown in it (Jekyll does not
    # run one on .html pages), and indented HTML would read as code blocks.
    html = info.source.lower().endswith((".html", ".htm", ".xhtml"))
    rendered = render_html(stripped) if html else render(stripped)
    title = _title(meta, rendered, info, flags)
    kind = kind_of(info, meta, title)
    context = f"{info.source} {title}"
    lists = press_lists(meta, context)
    press_page = read_press_page(rendered, context)
    paragraphs = press_page.intro if press_page else rendered.paragraphs
    # Left by template loops and icons ("- ,", "→", "//"); and the title repeated as the first heading.
    paragraphs = [p for p in paragraphs if re.search(r"\w", p)]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    summary = fields.summary(meta)
    extra = fields.nested_text(meta, already=(title, summary), skip=frozenset(lists))
    found = _people(meta, kind, title, summary, rendered, paragraphs, bool(press_page), extra)
    for entry in found.test_entries:
        flags.append(f"entrée de test laissée de côté : {entry}")
    dates = read_dates(meta, kind, [title, summary, *paragraphs], flags, info.date)
    url = fields.text_of(meta.get("url"))
    paragraphs, junk_flags, junk = quality.clean_junk_paragraphs(paragraphs)
    flags.extend(junk_flags)
    paragraphs = _dedupe(paragraphs + extra, flags)
    body = "\n\n".join(paragraphs)
    captions = set(rendered.captions)
    page = Document(
        id=source_id(info.source),
        kind=kind,
        title=title,
        body=body,
        source=info.source,
        tags=fields.tags(meta),
        outlet=site_outlet(info.source),
        url=url if url.startswith(("http://", "https://")) else "",
        venue=fields.venue(meta) if kind == Kind.EVENT else "",
        author=fields.author(meta),
        speakers=found.speakers,
        organisations=found.organisations,
        people=found.people,
        captions=[p for p in paragraphs if p in captions],
        lang=lang.language(lang.from_meta(meta) or info.lang, title, summary, body),
        summary=summary,
        flags=flags,
    )
    dates.apply(page)
    quality.flag_document(page, meta)
    if info.draft:
        quality.mark_draft(page, info.draft)
    if junk:
        quality.mark_junk(page, junk)
    items = (press_page.items if press_page else []) + [item for key in lists for item in lists[key]]
    return [page, *coverage(page, items)]


def coverage(page: Document, items: list[PressItem]) -> list[Document]:
    """One document per press item of a page."""
    documents: list[Document] = []
    used: set[str] = set()
    for position, item in enumerate(items, start=1):
        doc_id = item_id(page.id, position, item.url)
        if doc_id in used:
            doc_id = item_id(page.id, position, "")
        used.add(doc_id)
        flags = [f"date : {item.date.flag}"] if item.date.flag else []
        found = people.People()
        peopletext.from_text([item.title, item.quote], found)
        found.finish()
        doc = Document(
            id=doc_id,
            kind=Kind.COVERAGE,
            title=item.title,
            body="",
            source=page.source,
            date=item.date.value,
            date_precision=item.date.precision,
            year=item.date.year or item.heading_year,
            tags=[item.section] if item.section else [],
            outlet=item.outlet,
            url=item.url,
            speakers=[s for s in found.speakers if s != item.outlet],
            organisations=found.organisations,
            people=found.people,
            lang=_item_lang(item, page.lang),
            summary=item.quote,
            flags=flags,
        )
        quality.flag_document(doc)
        documents.append(doc)
    return documents


def _item_lang(item: PressItem, page_lang: str) -> str:
    """A headline alone is too short to tell its language reliably: the page's, unless a quote says more."""
    text = f"{item.title} {item.quote}"
    if page_lang and sum(c.isalpha() for c in text) < lang.SURE_LETTERS:
        return page_lang
    return lang.language("", text) or page_lang
