"""Reading one content file safely: its bytes within the size limit, their hash, and their text.

Apart from the walk (files.py), which runs on every update and opens nothing: a file whose bytes cannot be
read or are not text raises UnreadableFile, the reason the report gives for skipping it."""

from __future__ import annotations

import re
from pathlib import Path

from findit.documents import SkippedFile
from findit.ingest.files import PDF_SUFFIXES, suffix_of
from findit.ingest.skips import Skip, megabytes
from findit.settings import Settings
from findit.text import composed, digest


class UnreadableFile(Exception):
    """A content file that cannot be turned into text: `code` is the report's key, the message the reason
    shown to the user, in French."""

    def __init__(self, code: Skip, reason: str) -> None:
        super().__init__(reason)
        self.code = code

    def skipped(self, source: str) -> SkippedFile:
        return SkippedFile(source, str(self), self.code.value)


def size_limit(suffix: str, settings: Settings) -> int:
    """PDFs carry images and fonts besides their text: they get a limit of their own."""
    return settings.max_pdf_bytes if suffix in PDF_SUFFIXES else settings.max_file_bytes


def file_hash(path: Path, settings: Settings) -> str:
    """Hash of a file's bytes; an oversized file is fingerprinted by size and mtime instead of read."""
    stat = path.stat()
    if stat.st_size > size_limit(suffix_of(path.name), settings):
        return f"size-{stat.st_size}-{stat.st_mtime_ns}"
    return bytes_hash(path.read_bytes())


def bytes_hash(data: bytes) -> str:
    """What a file's bytes are known by: the manifest's key and the re-parse check of the Ingester."""
    return digest(data)


def read_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes, or UnreadableFile when it cannot be read or is over the size limit."""
    limit = size_limit(suffix_of(path.name), settings)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(Skip.UNREADABLE, f"illisible : {exc.strerror or exc}") from exc
    if size > limit:
        raise UnreadableFile(Skip.TOO_LARGE, f"trop volumineux ({megabytes(size)} > limite {megabytes(limit)})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(Skip.UNREADABLE, f"illisible : {exc.strerror or exc}") from exc


# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">, in the first bytes.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str:
    """The charset an HTML page declares, or ""."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else ""


def decode(data: bytes, charset: str = "", fallback: str = "") -> tuple[str, str]:
    """A file's text (BOM removed, newlines normalised) and a warning ("" when none), or UnreadableFile.

    UTF-8 unless a charset is declared. Text that is not valid UTF-8 is read in `fallback` with a warning
    (an HTML page without a charset: Windows-1252, as browsers read it), else refused: a guess would put
    wrong letters in the index."""
    if not data.strip():
        raise UnreadableFile(Skip.EMPTY, "fichier vide")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        charset = "utf-16"  # a BOM says so (Windows Notepad's "Unicode")
    elif b"\x00" in data[:8192]:
        raise UnreadableFile(Skip.BINARY, "fichier binaire (octets NUL), pas du texte")
    warning = ""
    text = None
    if charset and charset.replace("-", "").replace("_", "") not in ("utf8", "utf8sig"):
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            warning = f"le jeu de caractères déclaré « {charset} » ne va pas aux octets ; "
    if text is None:
        try:
            text = data.decode("utf-8-sig")
            warning += "lu en UTF-8" if warning else ""
        except UnicodeDecodeError as exc:
            where = f"octet 0x{data[exc.start]:02x} à la position {exc.start}"
            if not fallback:
                raise UnreadableFile(Skip.NOT_UTF8, f"n'est pas de l'UTF-8 valide ({where})") from exc
            text = data.decode(fallback, errors="replace")
            warning += f"n'est pas de l'UTF-8 valide ({where}) : lu en {fallback}"
    text = composed(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise UnreadableFile(Skip.EMPTY, "fichier vide")
    return text, warning
