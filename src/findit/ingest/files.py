"""Finding the content files under a corpus folder.

Every file the walk meets is either a candidate (read later) or skipped with a reason; hidden files and
folders are not content and are passed over silently. Nothing here parses content."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from findit.documents import SkippedFile
from findit.ingest.skips import Skip
from findit.ingest.statfiles import FAILED, as_pairs, stat_figures

# Text files with or without front matter (front matter is detected from the text, not from these):
# Markdown, MDX, Nunjucks/Liquid templates (Eleventy, Jekyll) and plain text.
TEXT_SUFFIXES = frozenset({"", ".md", ".markdown", ".mdown", ".mkd", ".mdx", ".njk", ".liquid", ".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
CALENDAR_SUFFIXES = frozenset({".ics", ".ical"})
DATA_SUFFIXES = frozenset({".yml", ".yaml"})
CONTENT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | CALENDAR_SUFFIXES | DATA_SUFFIXES
# Files at the corpus root that describe the corpus folder itself rather than belong to the archive.
CORPUS_NOTES = frozenset(
    {"readme.md", "readme.txt", "readme", "sources.md", "license", "licence", "license.md", "licence.md"}
)
# Site configuration, not content (Hugo, Jekyll, Eleventy, Netlify CMS…).
CONFIG_NAMES = frozenset({"_config.yml", "config.yml", "config.yaml", "hugo.yml", "hugo.yaml", "netlify.yml"})


class ContentFile(NamedTuple):
    """A content file the walk found. A named tuple, made in a quarter of a frozen dataclass's time: the
    walk makes one per file at every update, nothing changed included (100,000 at 100,000 documents)."""

    source: str  # path relative to the corpus root, POSIX
    location: str  # absolute path to open (a string: a Path per file was most of a walk's time)
    # [size, mtime_ns] as the walk saw it (one system call it made anyway); None when not taken
    stat: tuple[int, int] | None = None

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def suffix(self) -> str:
        return suffix_of(os.path.basename(self.location))


class Walk:
    """The content files of a folder, sorted by path, and the files passed over with why.

    A walk that stated every file in one go also keeps their paths (`sources`) and their (size, mtime in
    ns) packed in that order (`figures`, findit.ingest.statfiles): what the nothing-changed check hashes
    (findit.index.quick), before any ContentFile is made. `files` may then be given as a function that
    makes them, called once, when asked for: a run that changed nothing never asks."""

    def __init__(
        self,
        files: list[ContentFile] | Callable[[], list[ContentFile]],
        skipped: list[SkippedFile],
        figures: bytes | None = None,
        sources: list[str] | None = None,
    ):
        self._files = files
        self.skipped = skipped
        self.figures = figures
        self.sources = sources

    @property
    def files(self) -> list[ContentFile]:
        if callable(self._files):
            self._files = self._files()
        return self._files

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Walk) and self.files == other.files and self.skipped == other.skipped

    def __repr__(self) -> str:
        return f"Walk({len(self.files)} files, {len(self.skipped)} skipped)"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def hidden(parts: Iterable[str]) -> bool:
    """Whether a path (its names, from the corpus root) is one the walk passes over silently: a name
    starts with a dot (.git, an editor's .x.swp), which hides what the folder holds too."""
    return any(part[:1] == "." and part not in (".", "..") for part in parts)


def safe_name(rel: str) -> str:
    """A path as the report and the manifest (JSON) can hold it: a name that is not UTF-8 reaches Python
    with its bad bytes as lone surrogates (os.fsdecode's surrogateescape); they are written `\\xNN`."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def _not_utf8(name: str) -> bool:
    if name.isascii():
        return False  # most names, told without encoding them
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _resolve(path: Path) -> Path | None:
    """Where a link leads, or None for a loop of links."""
    try:
        return path.resolve(strict=False)
    except (RuntimeError, OSError):  # RuntimeError: "Symlink loop" (Python < 3.13), OSError: ELOOP
        return None


def walk(root: Path) -> Walk:
    """Every content file under root, sorted by relative path, and the files passed over with why."""
    root = root.resolve()
    files: list[ContentFile] = []
    skipped: list[SkippedFile] = []
    suffixes = _Suffixes()
    # os.scandir rather than os.walk + Path: a regular file is classified from its directory entry, with
    # no Path arithmetic, and stated after the listing, all at once (on two cores when there are many).
    # The walk runs on every update, nothing changed included: at 100,000 files the loop below and the
    # stats are most of such a run, so the loop's common case is inline.
    rels: list[str] = []  # the common case: a plain file below the root, UTF-8 named, a content file
    locations: list[str] = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is passed over
        here: Path | None = None
        for entry in entries:
            name = entry.name
            if name[0] == ".":  # hidden(), inline: the walk's every entry
                continue
            rel = prefix + name
            try:
                regular = entry.is_file(follow_symlinks=False)  # from the entry's type: a regular file, not a link
            except OSError:
                regular = False
            content: ContentFile | SkippedFile | None
            if regular and (name.isascii() or not _not_utf8(name)):
                # a suffix every name of which is content (".md"; not ".yml", which site configuration
                # shares): no other test
                if suffixes[_tail(name)] in _ANY_NAME and (prefix or name.lower() not in CORPUS_NOTES):
                    content = None
                else:
                    content = _not_content(name, rel, suffixes, at_root=not prefix)
                if content is None:
                    rels.append(rel)
                    locations.append(entry.path)
                    continue
            else:
                here = here or Path(folder)
                content = _other(root, here, entry, rel, regular, pending)
            if isinstance(content, ContentFile):
                files.append(content)
            elif content is not None:
                skipped.append(content)
    # by path (no two files share one), before the stats, so that they come packed in the listing's order
    order = sorted(range(len(rels)), key=rels.__getitem__)
    rels = list(map(rels.__getitem__, order))
    locations = list(map(locations.__getitem__, order))
    figures = stat_figures(locations)
    skipped.sort(key=lambda s: s.source)

    def listed() -> list[ContentFile]:
        # tuple.__new__ called from map: the named tuple's own __new__ is Python code, 0.04 s per 100,000
        made = list(map(tuple.__new__, repeat(ContentFile), zip(rels, locations, as_pairs(figures), strict=True)))
        # links, names that are not UTF-8: merged in (two sorted runs)
        return sorted(made + files, key=itemgetter(0)) if files else made

    if files or FAILED in figures[::2]:
        return Walk(listed(), skipped)
    return Walk(listed, skipped, figures.tobytes(), rels)


def _other(
    root: Path, here: Path, entry: os.DirEntry, rel: str, regular: bool, pending: list[tuple[str, str]]
) -> ContentFile | SkippedFile | None:
    """An entry that is not a plain file below the root: a folder (None once queued to be walked), a link,
    a file at the root or with a name that is not UTF-8."""
    name = entry.name
    if regular:
        if _not_utf8(name):
            return _classify(root, here, name)
        return _by_name(here == root, name, rel, entry)
    try:
        is_dir = entry.is_dir(follow_symlinks=False)
        link = entry.is_symlink()
    except OSError:
        is_dir = link = False
    if is_dir or (link and _points_to_dir(entry)):
        item = _folder(root, here, name, rel, link)
        if item is None:
            pending.append((entry.path, rel + "/"))
        return item
    return _classify(root, here, name)


def _points_to_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _folder(root: Path, here: Path, name: str, rel: str, link: bool) -> SkippedFile | None:
    """None for a folder to walk into; else why its files are not read."""
    if _not_utf8(name):
        return SkippedFile(
            safe_name(rel),
            "nom de dossier qui n'est pas de l'UTF-8 valide : ses fichiers ne sont pas lus",
            Skip.NAME_NOT_UTF8,
        )
    if link:
        target = _resolve(here / name)
        if target is None:
            return SkippedFile(rel, "boucle de liens symboliques", Skip.LINK_LOOP)
        if _inside(target, root):
            return SkippedFile(
                rel, "lien vers un dossier du corpus : ses fichiers sont lus là où ils sont", Skip.LINK_INSIDE
            )
        return SkippedFile(rel, f"lien symbolique menant hors du dossier ({target})", Skip.LINK_OUTSIDE)
    return None


def _by_name(at_root: bool, name: str, rel: str, entry: os.DirEntry | Path) -> ContentFile | SkippedFile:
    """A regular file (not a link), UTF-8 named: content or not, from its name alone."""
    why = _not_content(name, rel, _Suffixes(), at_root)
    if why is not None:
        return why
    if isinstance(entry, Path):
        return ContentFile(rel, str(entry))
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return ContentFile(rel, entry.path)
    return ContentFile(rel, entry.path, (st.st_size, st.st_mtime_ns))


class _Suffixes(dict):
    """A name's last dotted part (_tail()) -> suffix_of() the name, which depends on that part alone: a
    memo, a few distinct parts per archive."""

    def __missing__(self, tail: str) -> str:
        self[tail] = suffix = suffix_of("x" + tail if tail[:1] == "." else tail)
        return suffix


def _tail(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else name


# Suffixes whose every file is content, whatever the rest of its name (not .yml: site configuration ends so).
_ANY_NAME = CONTENT_SUFFIXES - DATA_SUFFIXES


def _not_content(name: str, rel: str, suffixes: _Suffixes, at_root: bool = False) -> SkippedFile | None:
    """Why a regular file is not a content file, from its name alone; None for one."""
    lowered = name.lower()
    if at_root and lowered in CORPUS_NOTES:
        return SkippedFile(rel, "notes sur le dossier du corpus, pas un contenu de l'archive", Skip.CORPUS_NOTES)
    if lowered in CONFIG_NAMES:
        return SkippedFile(rel, "configuration du site, pas un contenu de l'archive", Skip.SITE_CONFIG)
    suffix = suffixes[_tail(name)]
    if suffix not in CONTENT_SUFFIXES:
        return SkippedFile(rel, f"pas un fichier de contenu (les fichiers {suffix} ne sont pas lus)", Skip.NOT_CONTENT)
    return None


def _classify(root: Path, here: Path, name: str) -> ContentFile | SkippedFile:
    path = here / name
    rel = path.relative_to(root).as_posix()
    if _not_utf8(name):
        # Such a name cannot be shown, linked or stored as it is; the report names it with \xNN escapes.
        return SkippedFile(
            safe_name(rel),
            "nom de fichier qui n'est pas de l'UTF-8 valide (le renommer pour le lire)",
            Skip.NAME_NOT_UTF8,
        )
    if path.is_symlink():
        target = _resolve(path)
        if target is None:
            return SkippedFile(rel, "boucle de liens symboliques", Skip.LINK_LOOP)
        if not _inside(target, root):
            return SkippedFile(rel, f"lien symbolique menant hors du dossier ({target})", Skip.LINK_OUTSIDE)
        try:
            regular = target.is_file()
        except OSError:
            regular = False
        if not regular:
            return SkippedFile(rel, "lien symbolique cassé", Skip.BROKEN_LINK)
    elif not path.is_file():
        return SkippedFile(rel, "pas un fichier ordinaire", Skip.NOT_REGULAR)
    return _by_name(here == root, name, rel, path)


def suffix_of(name: str) -> str:
    """`notes.md` has a suffix; `meetup-tech-beta-dot-gouv-dot-fr-x-latitudes` or `v1.0 roadmap` do not
    have one worth trusting: a suffix is short and alphanumeric."""
    dot = name.rfind(".")
    suffix = name[dot:] if 0 < dot < len(name) - 1 else ""  # Path(name).suffix, without building a Path
    if 1 < len(suffix) <= 10 and suffix[1:].isalnum() and not suffix[1:].isdigit():
        return suffix.lower()
    return ""
