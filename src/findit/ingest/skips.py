"""Why a file gives no document, said twice: a code that the JSON report counts by (`skipped_by_reason`)
and a reason in French that people read. Codes are machine keys, short and ASCII: a script reading the
report keeps working whatever the wording of the reasons becomes."""

from __future__ import annotations

from enum import StrEnum


class Skip(StrEnum):
    # The walk: what the name or the kind of entry says.
    NAME_NOT_UTF8 = "name-not-utf8"
    LINK_LOOP = "link-loop"
    LINK_INSIDE = "link-inside"
    LINK_OUTSIDE = "link-outside"
    BROKEN_LINK = "broken-link"
    NOT_REGULAR = "not-regular"
    CORPUS_NOTES = "corpus-notes"
    SITE_CONFIG = "site-config"
    NOT_CONTENT = "not-content"
    # The bytes.
    UNREADABLE = "unreadable"  # the system refused to read them
    TOO_LARGE = "too-large"
    EMPTY = "empty"
    BINARY = "binary"
    NOT_UTF8 = "not-utf8"
    # The content, by format.
    NOT_PDF = "not-pdf"
    BAD_PDF = "bad-pdf"
    ENCRYPTED_PDF = "encrypted-pdf"
    SCANNED_PDF = "scanned-pdf"
    EMPTY_PDF = "empty-pdf"
    PDF_TIMEOUT = "pdf-timeout"
    PDF_MEMORY = "pdf-memory"
    PDF_CRASH = "pdf-crash"
    BAD_CALENDAR = "bad-calendar"
    NO_EVENTS = "no-events"
    TEMPLATE_ONLY = "template-only"
    NO_TEXT = "no-text"
    TOO_DEEP = "too-deep"
    ERROR = "error"  # a reading rule failed on the file (a bug to report)
    OTHER = "other"  # a skip that carries no code (SkippedFile's default)


def megabytes(size: int) -> str:
    """A size as the French write it: "2 Mo", "3,5 Mo"; "512 octets" below a tenth of a megabyte."""
    if size < 100_000:
        return f"{size} octets"
    return f"{size / 1_000_000:.1f}".removesuffix(".0").replace(".", ",") + " Mo"
