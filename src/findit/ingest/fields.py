"""Reading a page's fields out of its front matter: title, summary, tags, venue, author, and the text of
nested values (a video's title, a slide's caption) that a reader of the built page sees."""

from __future__ import annotations

import re

from findit.ingest.markup import MARKDOWN_HINT, html_to_text, render
from findit.ingest.templates import strip_template_code
from findit.text import fold, fold_key

TITLE_KEYS = ("title", "titre", "name", "nom")
SUMMARY_KEYS = (
    "chapeau-text", "chapeau", "description", "desc", "summary", "excerpt", "lead", "subtitle", "sous-titre",
    "abstract", "resume",
)  # fmt: skip
DATE_KEYS = ("date", "publishedDate", "published_date", "publishDate", "pubDate", "publication_date")
EVENT_DATE_KEYS = (
    "event_start_date", "event_date", "dateEvent", "start_date", "startDate", "date_debut", "date_start",
    "event_start", "start", "debut",
)  # fmt: skip
EVENT_END_KEYS = ("event_end_date", "date_end", "end_date", "endDate", "date_fin", "event_end", "end", "fin")
TAG_KEYS = ("tags", "categories", "categorie", "category", "themes", "keywords", "expertises", "skills")
AUTHOR_KEYS = ("author", "authors", "auteur", "auteurs", "by")
VENUE_KEYS = ("lieu", "adresse", "place", "venue", "location", "address", "ville")
# Keys whose values are text a reader sees, wherever they sit in nested front matter.
TEXT_KEYS = frozenset(
    """
title titre name nom label heading subtitle sous-titre description desc summary excerpt abstract resume
caption legende légende text texte content contenu body intro introduction lead chapeau quote citation
question answer reponse réponse theme thème alt role job position cta event evenement événement
""".split()
)
# Keys that are machinery, never text, even when their value is a string.
TECHNICAL_KEYS = frozenset(
    """
image images img src url href link lien links path file id ids slug permalink layout type template class
classes style styles color colour couleur background icon icon_pack focal_point weight order draft
published visible headless widget active animation target rel width height size lang-ref ref key
""".split()
)
MAX_NESTED_DEPTH = 6


# Inline Markdown a one-line value holds: a code span, a word or words in _emphasis_ or *emphasis*.
_INLINE_MARKUP = re.compile(r"`[^`\n]+`|(?<!\w)([_*])(?![\s_*])[^_*\n]+(?<![\s_*])\1(?!\w)")


def text_of(value: object) -> str:
    """A scalar front-matter value as clean one-line text ("\\n" escapes and HTML included)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    text = str(value)
    if "{{" in text or "{%" in text:
        text = strip_template_code(text)  # "Série {{ seriesName }}": the generator's variables
    if "<" in text or "&" in text:
        text = html_to_text(text)
    return re.sub(r"\s+", " ", text).strip()


def first(meta: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def tags(meta: dict) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for key in TAG_KEYS:
        for item in as_list(meta.get(key)):
            tag = text_of(item)
            folded = fold_key(tag)
            if tag and folded not in seen:
                seen.add(folded)
                found.append(tag)
    return found


def venue(meta: dict) -> str:
    parts: list[str] = []
    for key in VENUE_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            # "7 Rue Geoffroy l'Angevin \n75004 Paris ": a line break in an address separates its parts.
            value = ", ".join(line.strip() for line in value.splitlines() if line.strip())
        part = text_of(value).strip(" ,")
        if part and not any(fold(part) in fold(p) for p in parts):
            parts.append(part)
    return ", ".join(parts)


def author(meta: dict) -> str:
    value = first(meta, AUTHOR_KEYS)
    if isinstance(value, list):
        names = [text_of(v.get("name") if isinstance(v, dict) else v) for v in value]
        return ", ".join(n for n in names if n)
    if isinstance(value, dict):
        return text_of(value.get("name"))
    return text_of(value)


def summary(meta: dict) -> str:
    value = first(meta, SUMMARY_KEYS)
    return written_text(value) if isinstance(value, str) else text_of(value)


def written_text(value: str) -> str:
    """A front matter text value as a reader sees it: its Markdown and HTML rendered (« `R` » and
    « _open source_ » are « R » and « open source »), else as written on one line."""
    value = strip_template_code(value) if "{{" in value or "{%" in value else value
    if MARKDOWN_HINT.search(value) or _INLINE_MARKUP.search(value) or "<" in value or "\n\n" in value.strip():
        return " ".join(render(value).paragraphs)
    return text_of(value)


def nested_text(meta: dict, already: tuple[str, ...] = (), skip: frozenset[str] = frozenset()) -> list[str]:
    """The text values of front matter beyond the title and summary (`already`): top-level text keys
    (an abstract beside the summary) and nested ones (video.title, slides[].title, image.caption,
    faq[].answer), in order, each once; technical keys and `skip` keys left out."""
    found: list[str] = []
    seen: set[str] = {fold_key(text) for text in already}

    def add(value: str) -> None:
        text = written_text(value)
        key = fold_key(text)
        if len(key) > 1 and key not in seen and not re.fullmatch(r"[\w.-]+\.(?:png|jpe?g|svg|gif|pdf)", key):
            seen.add(key)
            found.append(text)

    def visit(value: object, key: str, depth: int) -> None:
        if depth > MAX_NESTED_DEPTH or key in TECHNICAL_KEYS:
            return
        if isinstance(value, dict):
            for sub, item in value.items():
                visit(item, str(sub).lower(), depth + 1)
        elif isinstance(value, list):
            for item in value:
                visit(item, key, depth + 1)
        elif isinstance(value, str) and key in TEXT_KEYS and value.strip():
            add(value)

    for key, value in meta.items():
        lowered = str(key).lower()
        if lowered in skip or lowered in TECHNICAL_KEYS:
            continue
        visit(value, lowered, 0)
    return found
