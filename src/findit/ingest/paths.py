"""What a file's path says, by the conventions of site generators: the folders (a flattened `a__b__c.md`
is `a/b/c.md`), the language folder, the date of a Jekyll post, drafts, Hugo's page bundles and section
pages, and the words of the name for a title of last resort."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from findit.ingest.dates import ParsedDate, make_date
from findit.ingest.quality import DRAFT
from findit.text import fold

# Language folders ("fr/", "en/", "fr-fr/"): a site's translation, never its section.
LANGUAGE_FOLDERS = frozenset(
    "fr en de es it nl pt br eu oc ca co gsw ar zh ja ru pl fr-fr fr-be fr-ca en-us en-gb en-fr".split()
)
# Folders that hold a whole site rather than name a section of it (a build or a content root).
ROOT_FOLDERS = frozenset("content src site _site public dist build www pages docs-site".split())
# Jekyll posts: "YYYY-MM-DD-slug" (and "YY-MM-DD-slug", which Jekyll reads as that day of year 00YY).
_DATED_NAME = re.compile(r"^(?P<year>\d{4}|\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:-|_|$)")
POST_FOLDERS = frozenset({"_posts", "_drafts", "posts", "post", "blog", "billets"})
_SUFFIX = re.compile(r"\.(?:md|markdown|mdown|mkd|mdx|njk|liquid|txt|text|html?|xhtml|pdf|ics|ical|ya?ml)$", re.I)


@dataclass
class PathInfo:
    source: str
    folders: list[str] = field(default_factory=list)  # every folder, unflattened, in order
    sections: list[str] = field(default_factory=list)  # folders naming sections: no language or root folder
    stem: str = ""  # file name without suffix (the bundle's folder for a Hugo index.md)
    lang: str = ""  # from a language folder
    date: ParsedDate | None = None  # from a dated file name
    draft: str = ""  # why the path marks a draft, "" when it does not
    section_page: bool = False  # Hugo's _index.md: the list page of a section
    bundle: bool = False  # Hugo's index.md (or a built site's index.html) below a section: the folder's page

    @property
    def name_title(self) -> str:
        """The name's words, for a document with no title at all ("lettre big data_n7" → "Lettre big
        data n7")."""
        words = re.sub(r"[-_\s]+", " ", re.sub(r"^\d{2,4}-\d{1,2}-\d{1,2}-", "", self.stem)).strip()
        return words[:1].upper() + words[1:] if words else ""


def parts(source: str) -> list[str]:
    """The path's parts, a flattened "a__b__c.md" read as "a/b/c.md" (left to right, so that
    "en___posts__x.md" is "en/_posts/x.md")."""
    out: list[str] = []
    for part in PurePosixPath(source).parts:
        if "__" in part.strip("_"):
            out.extend(p for p in part.split("__") if p)
        else:
            out.append(part)
    return out


def read_path(source: str) -> PathInfo:
    every = parts(source)
    folders, name = every[:-1], every[-1] if every else source
    info = PathInfo(source=source, folders=folders)
    stem = _SUFFIX.sub("", name)
    lowered = stem.lower()
    for folder in folders:
        key = folder.lower()
        if key in LANGUAGE_FOLDERS:
            info.lang = info.lang or key[:2]
        elif key not in ROOT_FOLDERS:
            info.sections.append(key)
    if lowered in ("index", "_index") and info.sections:
        # Hugo: index.md is its folder's page (a bundle) and _index.md a section's list page; right inside
        # a section folder, either is that section's page (a built site's section/index.html too).
        info.section_page = len(info.sections) == 1
        info.bundle = not info.section_page
        stem = folders[-1]
    info.stem = stem
    if name.startswith("_") and lowered != "_index":
        info.draft = f"{DRAFT} : nom de fichier commençant par _, non publié par le site"
    elif any(f.lower() == "_drafts" for f in folders):
        info.draft = f"{DRAFT} : dans un dossier _drafts"
    info.date = _name_date(name, folders)
    return info


def _name_date(name: str, folders: list[str]) -> ParsedDate | None:
    """A dated name's date: Jekyll's posts (four- or two-digit year); elsewhere a four-digit year only, and
    1 January means the year alone (a collection's placeholder, "2019-01-01-datajust.md")."""
    match = _DATED_NAME.match(name.lstrip("_"))
    if not match:
        return None
    posts = any(f.lower() in POST_FOLDERS for f in folders)
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if len(match["year"]) == 2:
        if not posts:
            return None
        year += 2000
    parsed = make_date(year, month, day, match.group(0).rstrip("-_"))
    if parsed.value and not posts and (month, day) == (1, 1):
        return ParsedDate(dt.date(year, 1, 1), "", precision="year")
    return parsed


def section_words(info: PathInfo) -> list[str]:
    """The section folders as plain words ("_posts" → "posts", "Actualités" → "actualites")."""
    return [fold(section).strip("_") for section in info.sections]
