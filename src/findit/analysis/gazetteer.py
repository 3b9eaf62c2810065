"""The gazetteer: the people, organisations and acronyms the archive states in its structure (speakers and
organisations lists, person pages), matched in every document's text whatever the model said.

Acronyms: « Direction interministérielle de la transformation publique (DITP) » (or « DITP (Direction …) »)
teaches the pair; afterwards the organisation is always named « Long name (ACRONYM) », whichever form a
document used, so a query for either finds it through the organisations field. A known person is matched
only where the text casts them as a speaker (speaking.py); organisations the text introduces as such
(« j'ai rejoint MyTraffic », « au ministère de la mer ») come with the matches, known or not (orgcues.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from findit.analysis.acronympairs import canonical_org, clean_display, is_group_name
from findit.analysis.french import name_key
from findit.analysis.namewords import KNOWN_ORGS, ORG_HEADS
from findit.analysis.orgcues import with_cued
from findit.analysis.speaking import speaks
from findit.text import fold

PERSON, ORG, ACRONYM = "person", "org", "acronym"


@dataclass
class Gazetteer:
    """The names the archive knows, matched in every document's text."""

    persons: dict[str, str] = field(default_factory=dict)  # name key → display
    orgs: dict[str, str] = field(default_factory=dict)  # name key → display (canonical)
    acronyms: dict[str, str] = field(default_factory=dict)  # folded acronym → canonical display
    written: dict[str, str] = field(default_factory=dict)  # folded acronym → as first written
    long_forms: dict[str, list[str]] = field(default_factory=dict)  # folded acronym → its long forms
    groups: set[str] = field(default_factory=set)  # folded acronyms of groups of bodies (kept for queries)
    _by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> Gazetteer:
        gaz = cls()
        rows = list(rows)
        for kind, name, extra in rows:  # acronyms first: they decide the canonical names
            if kind == ACRONYM:
                gaz._add_acronym(name, extra)
        for kind, name, _ in rows:
            if kind == PERSON:
                gaz._add_person(name)
            elif kind == ORG:
                gaz._add_org(name)
        return gaz

    def _add_acronym(self, acronym: str, long_form: str) -> None:
        key = fold(acronym)
        if key not in self.acronyms:
            self.acronyms[key] = canonical_org(acronym, long_form)
            self.written[key] = acronym
            if is_group_name(long_form):
                self.groups.add(key)
        forms = self.long_forms.setdefault(key, [])
        if name_key(long_form) not in {name_key(f) for f in forms}:
            forms.append(clean_display(long_form))
        if key in self.groups:
            return  # the pair still serves queries; the group is no organisation to find in texts
        display = self.acronyms[key]
        for k in (name_key(long_form), name_key(display)):
            self.orgs.setdefault(k, display)
            self._index(k, ORG, display)

    def _add_person(self, name: str) -> None:
        display = clean_display(name)
        key = name_key(display)
        # A single word is too ambiguous to look for in running text.
        if len(key.split()) >= 2 and key not in self.orgs:
            self.persons.setdefault(key, display)
            self._index(key, PERSON, self.persons[key])

    def _add_org(self, name: str) -> None:
        display = self.org_display(name)
        key = name_key(name)
        # A bare head word (« Direction ») is no name to look for in running text.
        if key and key not in ORG_HEADS:
            self.orgs.setdefault(key, display)
            self._index(key, ORG, self.orgs[key])

    def _index(self, key: str, kind: str, display: str) -> None:
        words = tuple(key.split())
        if words:
            entries = self._by_first.setdefault(words[0], [])
            if (words, kind, display) not in entries:
                entries.append((words, kind, display))
                entries.sort(key=lambda e: -len(e[0]))

    def org_display(self, name: str) -> str:
        """The canonical name of an organisation: « Long name (ACRONYM) » when the pair is known."""
        name = clean_display(name)
        key = name_key(name)
        if key in self.acronyms:
            return self.acronyms[key]
        if key in self.orgs:
            return self.orgs[key]
        m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
        if m:
            inner = name_key(m.group(2))
            if inner in self.acronyms:
                return self.acronyms[inner]
        return name

    def matches(
        self, words: list[tuple[str, int, int]], text: str, event: bool = False, layout: bool = False
    ) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, display) of every known name in a field, given its words
        (folded text, start, end). People, and one-word organisations, must be capitalised as written:
        a name is matched whatever its accents, never in a run of common words (« le design public »).
        A person is matched only where the text casts them as speaking (`speaks`; `event`: the text is an
        event's page; `layout`: its line breaks are a printed page's). Organisations the text introduces as
        such (orgcues.py) come with them, known or not."""

        def capitalised(word) -> bool:
            return text[word[1] : word[1] + 1].isupper()

        found = []
        i = 0
        while i < len(words):
            best = None
            for names, kind, display in self._by_first.get(words[i][0], ()):
                n = len(names)
                if tuple(w[0] for w in words[i : i + n]) == names:
                    written_as_name = capitalised(words[i]) and capitalised(words[i + n - 1])
                    if (n == 1 or kind == PERSON) and not written_as_name:
                        continue
                    if kind == PERSON and not speaks(text, words[i][1], words[i + n - 1][2], event, layout):
                        # A person the archive knows is a speaker of this text only where it casts them
                        # as one, like a name the model finds: most texts only mention them.
                        continue
                    best = (n, kind, display)
                    break
            written = text[words[i][1] : words[i][2]]
            if best is None and words[i][0] in self.acronyms and words[i][0] not in self.groups:
                # In capitals, or as the archive first wrote it (« PEReN »): never a common word.
                if written.isupper() or written == self.written.get(words[i][0]):
                    best = (1, ORG, self.acronyms[words[i][0]])
            if best is None and words[i][0] in KNOWN_ORGS and capitalised(words[i]):
                best = (1, ORG, self.org_display(written))
            if best:
                n, kind, display = best
                found.append((words[i][1], words[i + n - 1][2], kind, display))
                i += n
            else:
                i += 1
        return with_cued(found, text, lambda name: name_key(name) in self.persons, self.org_display)
