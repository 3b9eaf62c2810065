"""A YAML data file of a site (Jekyll's `_data/`, Hugo's `data/`) to documents: a list of press items
gives coverage documents; a collection of titled items (challenges, webinars) one document per item,
of the kind its file name says; any other data file one page of its text (a FAQ's questions and
answers, testimonials). Technical values (images, ids, colours) are never text."""

from __future__ import annotations

import re

from findit.documents import Document, Kind
from findit.ingest import fields, lang, people, quality
from findit.ingest.assemble import coverage
from findit.ingest.dates import parse_value
from findit.ingest.docdates import PageDates
from findit.ingest.frontmatter import load_yaml
from findit.ingest.ids import slug, source_id
from findit.ingest.kinds import word_kind
from findit.ingest.paths import read_path
from findit.ingest.presslists import press_lists
from findit.ingest.reading import UnreadableFile
from findit.ingest.skips import Skip
from findit.ingest.textdates import find_event_date
from findit.text import fold_key

ITEM_TITLE_KEYS = (*fields.TITLE_KEYS, "theme", "headline")
ORGANISATION_KEYS = ("administration", "organisation", "organization", "company", "structure", "ministere")
SPEAKER_KEYS = ("author", "auteur", "speaker", "speakers", "intervenants")
MIN_ITEMS = 2


def _file_kind(stem: str) -> str:
    for word in re.split(r"[-_\s\d]+", stem):
        kind = word_kind(word)
        if kind:
            return kind
    return Kind.PAGE


def _collection(data: object) -> list[tuple[str, dict]]:
    """(key, item) of a list of mappings, or of a mapping of mappings, whose items have titles."""
    if isinstance(data, dict):
        pairs = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, list):
        pairs = [(str(i), v) for i, v in enumerate(data, start=1)]
    else:
        return []
    if len(pairs) < MIN_ITEMS or not all(isinstance(v, dict) for _, v in pairs):
        return []
    if not all(fields.text_of(fields.first(v, ITEM_TITLE_KEYS)) for _, v in pairs):
        return []
    return pairs


def _people(item: dict) -> people.People:
    found = people.People()
    for key in SPEAKER_KEYS:
        for value in fields.as_list(item.get(key)):
            if isinstance(value, str):
                found.add_speaker(value)
    for key in ORGANISATION_KEYS:
        value = item.get(key)
        if isinstance(value, str):
            found.add_organisation(value)
    for key, value in item.items():
        if key not in SPEAKER_KEYS and isinstance(value, list):
            for entry in value:
                if isinstance(entry, str) and people.is_name(entry.replace("–", "-")):
                    found.add_person(entry.replace("–", "-"))  # a challenge's team, its mentors
    found.finish()
    return found


def _named(item: dict, found: people.People, already: tuple[str, ...]) -> list[str]:
    """The lists of names an item gives beside its text (a webinar's challenges: « Enki », « NEOTac »), as
    one line each: what the site shows of them. People are read apart (_people); technical keys and links
    are none."""
    lines = []
    known = {fold_key(name) for name in (*found.speakers, *found.people, *found.organisations, *already)}
    for key, value in item.items():
        lowered = str(key).lower()
        if lowered in fields.TECHNICAL_KEYS or lowered in SPEAKER_KEYS or not isinstance(value, list):
            continue
        names = [
            fields.text_of(v) for v in value if isinstance(v, str) and not v.startswith(("http://", "https://", "/"))
        ]
        names = [n for n in names if n and fold_key(n) not in known]
        if names:
            lines.append(", ".join(names))
    return lines


def read_data_file(source: str, text: str, warning: str = "") -> list[Document]:
    warnings = [f"{quality.ENCODING} : {warning}"] if warning else []
    data = load_yaml(text, warnings)
    info = read_path(source)
    base = source_id(source)
    title = info.name_title
    page = Document(id=base, kind=Kind.PAGE, title=title, body="", source=source, flags=list(warnings))
    lists = press_lists(data if isinstance(data, dict) else {info.stem: data}, source)
    if lists:
        page.lang = lang.language(info.lang, *(item.title for items in lists.values() for item in items))
        return coverage(page, [item for items in lists.values() for item in items])
    kind = _file_kind(info.stem)
    documents = [_item(base, key, item, kind, info.lang, source, warnings) for key, item in _collection(data)]
    if documents:
        return documents
    texts = fields.nested_text(data if isinstance(data, dict) else {"items": data})
    if not texts:
        raise UnreadableFile(Skip.NO_TEXT, "fichier de données sans texte")
    page.body = "\n\n".join(texts)
    found = people.People()
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, dict):
            for key in SPEAKER_KEYS:
                if isinstance(entry.get(key), str):
                    found.add_speaker(entry[key])
    found.finish()
    page.speakers = found.speakers
    page.lang = lang.language(info.lang, page.body)
    quality.flag_document(page)
    return [page]


def _item(base: str, key: str, item: dict, kind: str, stated: str, source: str, warnings: list[str]) -> Document:
    title = fields.text_of(fields.first(item, ITEM_TITLE_KEYS))
    summary = fields.summary(item)
    texts = fields.nested_text(item, already=(title, summary))
    flags = list(warnings)
    date_value = fields.first(item, fields.DATE_KEYS)
    published = parse_value(date_value)
    dates = PageDates()
    if kind == Kind.EVENT:
        dates.event = published if published.value else find_event_date([str(item.get("date") or "")], None)
        if not dates.event.value and dates.event.flag:
            flags.append(f"{quality.EVENT_DATE} : {dates.event.flag}")
    else:
        dates.published = published
    if isinstance(item.get("year"), int) and not dates.published.value and not dates.event.value:
        dates.published = parse_value(item["year"])
    found = _people(item)
    written = fields.text_of(date_value)
    if written and not (dates.published.value or dates.event.value):
        texts.append(written)  # a date read as no date (« mardi 12 mai »): still words a user may type
    texts += _named(item, found, already=(title, summary, *texts))
    body = "\n\n".join(texts)
    doc = Document(
        id=f"{base}-{slug(key)}",
        kind=kind,
        title=title,
        body=body,
        source=source,
        tags=fields.tags(item),
        speakers=found.speakers,
        organisations=found.organisations,
        people=found.people,
        url=fields.text_of(item.get("url")) if str(item.get("url", "")).startswith("http") else "",
        lang=lang.language(stated, title, summary, body),
        summary=summary,
        flags=flags,
    )
    dates.apply(doc)
    quality.flag_document(doc, item)
    return doc
