"""Finding the content files under a corpus folder and reading them safely.

Every file the walk meets is either a candidate (read later) or skipped with a reason; hidden files and
folders are not content and are passed over silently. Nothing here parses content."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from findit.documents import SkippedFile
from findit.settings import Settings
from findit.text import digest

# Extensions a content file may have (front matter is detected from the text, not from these).
CONTENT_SUFFIXES = frozenset({"", ".md", ".markdown", ".mdown", ".mkd", ".txt", ".text"})
# Files at the corpus root that describe the corpus folder itself rather than belong to the archive.
CORPUS_NOTES = frozenset(
    {"readme.md", "readme.txt", "readme", "sources.md", "license", "licence", "license.md", "licence.md"}
)


class UnreadableFile(Exception):
    """A content file that cannot be turned into text; the message is the reason shown to the user."""


@dataclass(frozen=True)
class ContentFile:
    source: str  # path relative to the corpus root, POSIX
    path: Path  # absolute path to open


@dataclass
class Walk:
    files: list[ContentFile]
    skipped: list[SkippedFile]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def walk(root: Path) -> Walk:
    """Every content file under root, sorted by relative path, and the files passed over with why."""
    root = root.resolve()
    files: list[ContentFile] = []
    skipped: list[SkippedFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept_dirs = []
        for name in dirnames:
            if name.startswith("."):
                continue
            sub = here / name
            if sub.is_symlink():
                rel = sub.relative_to(root).as_posix()
                target = sub.resolve()
                if _inside(target, root):
                    skipped.append(
                        SkippedFile(rel, "link to a folder inside the corpus: its files are read where they are")
                    )
                else:
                    skipped.append(SkippedFile(rel, f"symbolic link leading out of the corpus ({target})"))
                continue
            kept_dirs.append(name)
        dirnames[:] = sorted(kept_dirs)
        for name in filenames:
            if name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not _inside(target, root):
                    skipped.append(SkippedFile(rel, f"symbolic link leading out of the corpus ({target})"))
                    continue
                if not target.is_file():
                    skipped.append(SkippedFile(rel, "broken symbolic link"))
                    continue
            elif not path.is_file():
                skipped.append(SkippedFile(rel, "not a regular file"))
                continue
            if here == root and name.lower() in CORPUS_NOTES:
                skipped.append(SkippedFile(rel, "notes about the corpus folder, not archive content"))
                continue
            suffix = path.suffix.lower() if _has_real_suffix(name) else ""
            if suffix not in CONTENT_SUFFIXES:
                skipped.append(SkippedFile(rel, f"not a content file ({suffix} files are not read)"))
                continue
            files.append(ContentFile(rel, path))
    files.sort(key=lambda f: f.source)
    skipped.sort(key=lambda s: s.source)
    return Walk(files, skipped)


def _has_real_suffix(name: str) -> bool:
    """`notes.md` has a suffix; `meetup-tech-beta-dot-gouv-dot-fr-x-latitudes` or `v1.0 roadmap` do not
    have one worth trusting: a suffix is short and alphanumeric."""
    suffix = Path(name).suffix
    return 1 < len(suffix) <= 10 and suffix[1:].isalnum() and not suffix[1:].isdigit()


def file_hash(path: Path, settings: Settings) -> str:
    """Hash of a file's bytes; an oversized file is fingerprinted by size and mtime instead of read."""
    stat = path.stat()
    if stat.st_size > settings.max_file_bytes:
        return f"size-{stat.st_size}-{stat.st_mtime_ns}"
    return bytes_hash(path.read_bytes())


def bytes_hash(data: bytes) -> str:
    """What a file's bytes are known by: the manifest's key and the re-parse check of the Ingester."""
    return digest(data)


def read_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes, or UnreadableFile when it cannot be read or is over the size limit."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror or exc}") from exc
    if size > settings.max_file_bytes:
        raise UnreadableFile(f"too large ({size:,} bytes; the limit is {settings.max_file_bytes:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror or exc}") from exc


def decode(data: bytes) -> str:
    """A file's text (UTF-8, BOM removed, newlines normalised) or UnreadableFile with the reason."""
    if not data.strip():
        raise UnreadableFile("empty file")
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableFile("empty file")
    return text


def read_text(path: Path, settings: Settings) -> str:
    return decode(read_bytes(path, settings))
