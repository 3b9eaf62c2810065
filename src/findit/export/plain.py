"""Text for people out of what the index holds: control characters shown escaped, snippets as plain text
with their matches located, dates as precise as their source stated them.

Titles, bodies, names and file names come from the archive: anything may be in them. A terminal obeys
escape sequences (colours, the window title, hyperlinks) and XML and iCalendar forbid most control
characters, so every readable output shows them as `\\x1b`-style escapes instead. JSON stays exact."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a terminal shows.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Layout characters: read as a blank (the output is re-flowed anyway).
_BLANKS = re.compile("[\t\n\r\x0b\x0c\u2028\u2029]+")
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str | None) -> str:
    """`text` on one line, every control character shown as an escape (`\\x1b`, `\\u202e`)."""
    if not text:
        return ""
    return _CONTROLS.sub(_escaped, _BLANKS.sub(" ", text))


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """An HTML-safe snippet (escaped text, matches in <mark>) as (visible text, is a match) parts."""
    parts = _MARK.split(snippet or "")  # odd items are the matches
    return [(visible(html.unescape(part)), i % 2 == 1) for i, part in enumerate(parts) if part]


def snippet_text(snippet: str) -> str:
    """The snippet as plain visible text, matches unmarked."""
    return "".join(text for text, _ in snippet_parts(snippet))


def shown_date(iso: str | None, precision: str = "day") -> str:
    """An ISO date as precise as its source: « mai 2022 » is stored as 2022-05-01 and shown 2022-05."""
    if not iso:
        return ""
    if precision == "year":
        return iso[:4]
    if precision == "month":
        return iso[:7]
    return iso[:10]


def web_url(url: str | None) -> str:
    """`url` if it is a web address, else "": a feed or calendar never links `javascript:` and the like
    (as the page, findit.webapp.views.safe_url)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc and not _CONTROLS.search(url) else ""
