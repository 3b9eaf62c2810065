"""A speaker named by their first name alone (« animé par Bastien », « Bastien a ensuite présenté les
licences »): the person the same document names in full with that first name, when it names exactly one
(« © Bastien Guerry » under a photo of the workshop). A first name no full name of the document explains
names nobody findit could show."""

from __future__ import annotations

import re
from collections.abc import Iterable

from findit.analysis.french import name_key
from findit.analysis.speaking import speaks
from findit.namecues import cue_before, speaks_now, speech_after
from findit.text import fold, fold_word

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿ"
# A first name: one capitalised word, maybe hyphenated (« Jean-Marc »).
_FIRST_NAME = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?$")
# A full name: a first name, then one to three words, capitalised or particles (« Cécile Le Guen »,
# « Théo Alves da Costa »), the last capitalised.
_FULL_NAME = re.compile(
    rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?(?:\s+(?:(?:de|du|da|d'|d’|le|la|van|von)\s+)?[{_UPPER}][\w’'-]+){{1,3}}$"
)


def _cued(text: str, start: int, end: int) -> bool:
    """A cue casts the first name (« animé par Bastien », « Bastien a présenté », « Bastien présente »): a
    first name opening a line is too weak a sign (« Soizic et moi-même avons intégré Etalab »)."""
    before, after = fold(text[max(0, start - 60) : start]), fold(text[end : end + 200])
    return cue_before(before) or speech_after(after) or speaks_now(before, after)


class FirstNames:
    """The first names a document casts as speaking, and the full names it gives, to be matched."""

    def __init__(self) -> None:
        self.cast: set[str] = set()  # folded first names cast as speaking
        self.full: dict[str, set[str]] = {}  # folded first name -> person keys -> display (one per person)
        self._display: dict[str, str] = {}

    def add_full(self, names: Iterable[str]) -> None:
        """Full names the document gives, anywhere (speakers, people, any span the model tags)."""
        for name in names:
            name = " ".join(name.split())
            if not _FULL_NAME.match(name):
                continue
            key = name_key(name)
            self.full.setdefault(fold_word(name.split()[0]), set()).add(key)
            self._display.setdefault(key, name)

    def add_span(self, text: str, start: int, end: int, event: bool, pictured: bool, layout: bool = False) -> None:
        """A span the model tags as a person: a full name, or a first name to resolve when the text casts
        it as speaking (not in a picture's caption, `pictured`)."""
        span = text[start:end].strip()
        if "\n" in span:
            # A span run across lines (« © Bastien Guerry » then a paragraph opening « Bastien »): its first line.
            end = start + text[start:end].index("\n")
            span = text[start:end].strip()
        if _FIRST_NAME.match(span):
            if not pictured and _cued(text, start, end) and speaks(text, start, end, event, layout):
                self.cast.add(fold_word(span))
        else:
            self.add_full([span])

    def speakers(self) -> list[str]:
        """The full name behind each first name cast as speaking, when the document gives exactly one."""
        found = []
        for first in sorted(self.cast):
            keys = self.full.get(first, set())
            if len(keys) == 1:
                found.append(self._display[next(iter(keys))])
        return found
