"""People and organisations: spaCy's NER, corrected, plus a gazetteer of the names the archive knows.

The small French model makes predictable mistakes: role words tagged as people (« Cheffe »,
« Responsable Innovation »), organisations tagged as people (« Pôle Emploi »), page chrome and slugs tagged
as anything, and short sentences where it misses a person. So NER spans are kept only when they look like
what they claim to be, role words are cut off, person-looking organisations are moved to organisations,
and every name the archive states in its structure (speakers and organisations lists, person pages) is
matched in the text whatever the model said.

Acronyms: « Direction interministérielle de la transformation publique (DITP) » (or « DITP (Direction …) »)
teaches the pair; afterwards the organisation is always named « Long name (ACRONYM) », whichever form a
document used, so a query for either finds it through the organisations field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from findit.analysis.french import ELISION, WORD, tokenise
from findit.text import fold, fold_word

PERSON, ORG, ACRONYM = "person", "org", "acronym"

# Words that name a role or a title, never a person (folded).
_ROLES = frozenset(
    """
chef cheffe directeur directrice responsable president presidente ministre secretaire delegue deleguee
conseiller conseillere charge chargee adjoint adjointe professeur professeure docteur madame monsieur mme
mlle m dr pr maire depute deputee senateur senatrice premier premiere designer developpeur developpeuse
chercheur chercheuse doctorant doctorante head manager fondateur fondatrice cofondateur cofondatrice
coordinateur coordinatrice administrateur administratrice ingenieur ingenieure agent agente consultant
consultante expert experte mentor coach intervenant intervenante animateur animatrice moderateur
moderatrice temoin invite invitee redacteur redactrice journaliste stagiaire enarque general generale
commissaire prefet prefete officer lead ceo cto cdo
""".split()
)

# Head words of organisation names (folded): a "person" containing one is an organisation.
_ORG_HEADS = frozenset(
    """
direction ministere agence commission universite ecole institut banque assemblee conseil cour caisse pole
mission centre fondation association observatoire commissariat secretariat prefecture mairie ville region
departement delegation autorite office laboratoire lab senat gouvernement entreprise societe groupe
syndicat federation union collectif reseau cabinet
""".split()
)
# First words of organisation names written out (folded, singular): only such long forms make an
# acronym an organisation (« Intelligence artificielle (IA) » or « Ressources humaines (RH) » are not).
_ORG_FIRST_WORDS = _ORG_HEADS | frozenset(
    """
haute haut autorite etablissement inspection conservatoire musee bibliotheque archive groupement
juridiction tribunal parlement gendarmerie police hopital service plateforme programme
""".split()
)

# Organisations of this archive's world whose one-word names the model tags as people.
_KNOWN_ORGS = frozenset("etalab dinum cnil insee inria cnrs ditp".split())

# Lower-case words allowed inside a person's name.
_PARTICLES = frozenset("de du des d la le van von der den da di dos del ben el al y".split())
# Words that never start or end a person's name, whatever the model says (folded).
_NOT_NAMES = frozenset(
    """
lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout
septembre octobre novembre decembre le la les un une des mes ses nos vos leurs ce cette ces
""".split()
)
# Words that may be skipped when spelling an acronym from a long name.
_ACRONYM_STOPS = frozenset("de du des la le les l d et en pour a au aux sur dans par".split())

_SPACES = re.compile(r"\s+")
_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,11})\s*\)")
_ACRONYM_BEFORE = re.compile(r"(?<!\w)([A-Z][A-Z0-9&]{1,11})\s*\(([^()\n]{5,160})\)")


def name_key(name: str) -> str:
    """Folded, whitespace-collapsed form used to compare names."""
    return " ".join(fold_word(w.text) for w in tokenise(name) if w.kind == WORD)


def clean_display(name: str) -> str:
    return _SPACES.sub(" ", name).strip(" ,;:.-–—")


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) * 2 > len(letters) and word[0].isupper()


@lru_cache(maxsize=4096)
def _spells(acronym: str, words: tuple[str, ...]) -> bool:
    """Whether the words spell the acronym: each significant word gives a prefix of itself (« DINUM » =
    Direction + Interministérielle + NUMérique), small words may give nothing."""

    def go(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(acronym)
        word = words[j]
        if word in _ACRONYM_STOPS and go(i, j + 1):
            return True
        for n in range(1, len(word) + 1):
            if i + n > len(acronym) or acronym[i : i + n] != word[:n]:
                break
            if go(i + n, j + 1):
                return True
        return False

    return bool(words) and words[0] not in _ACRONYM_STOPS and go(0, 0)


def find_acronyms(text: str) -> list[tuple[str, str]]:
    """(acronym, long form) pairs that `text` defines, either way round."""
    found = []
    for m in _ACRONYM_AFTER.finditer(text):
        acronym = m.group(1)
        if not _is_acronym(acronym):
            continue
        before = [w for w in tokenise(text[max(0, m.start() - 200) : m.start()]) if w.kind == WORD][-12:]
        target = fold(acronym)
        for k in range(1, len(before) + 1):
            span = before[-k:]
            if _spells(target, tuple(fold_word(w.text) for w in span)):
                offset = max(0, m.start() - 200)
                found.append((acronym, clean_display(text[offset + span[0].start : offset + span[-1].end])))
                break
    for m in _ACRONYM_BEFORE.finditer(text):
        acronym, inner = m.group(1), m.group(2)
        words = [w for w in tokenise(inner) if w.kind == WORD]
        if _is_acronym(acronym) and _spells(fold(acronym), tuple(fold_word(w.text) for w in words)):
            found.append((acronym, clean_display(inner)))
    return found


def is_organisation_name(long_form: str) -> bool:
    """Whether a written-out name starts like an organisation's (« Direction … », « Agences … »)."""
    first = next((fold_word(w.text) for w in tokenise(long_form) if w.kind == WORD), "")
    return first in _ORG_FIRST_WORDS or first.rstrip("sx") in _ORG_FIRST_WORDS


def canonical_org(acronym: str, long_form: str) -> str:
    return f"{long_form[:1].upper()}{long_form[1:]} ({acronym})"


@dataclass
class Gazetteer:
    """The names the archive knows, matched in every document's text."""

    persons: dict[str, str] = field(default_factory=dict)  # name key → display
    orgs: dict[str, str] = field(default_factory=dict)  # name key → display (canonical)
    acronyms: dict[str, str] = field(default_factory=dict)  # folded acronym → canonical display
    written: dict[str, str] = field(default_factory=dict)  # folded acronym → as first written
    long_forms: dict[str, list[str]] = field(default_factory=dict)  # folded acronym → its long forms
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
        forms = self.long_forms.setdefault(key, [])
        if name_key(long_form) not in {name_key(f) for f in forms}:
            forms.append(clean_display(long_form))
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
        if key and key not in _ORG_HEADS:
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

    def matches(self, words: list[tuple[str, int, int]], text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, display) of every known name in a field, given its words
        (folded text, start, end). People, and one-word organisations, must be capitalised as written:
        a name is matched whatever its accents, never in a run of common words (« le design public »)."""

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
                    best = (n, kind, display)
                    break
            if best is None and words[i][0] in self.acronyms:
                written = text[words[i][1] : words[i][2]]
                if written.isupper():
                    best = (1, ORG, self.acronyms[words[i][0]])
            if best:
                n, kind, display = best
                found.append((words[i][1], words[i + n - 1][2], kind, display))
                i += n
            else:
                i += 1
        return found


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def person_from_span(
    text: str, start: int, end: int, lowercase_words: set[str], pos_of: dict[int, str]
) -> tuple[str, str] | None:
    """A PER span as (kind, display), corrected, or None when it is not a name.

    `lowercase_words`: folded words the document writes in lower case (common words, not surnames);
    `pos_of`: part of speech by word start offset."""
    span = text[start:end]
    if not _capitalised(span) or any(c.isdigit() or c in "/@_=|•·\n" for c in span):
        return None
    raw = [w for w in tokenise(span) if w.kind in (WORD, ELISION)]
    # Elided particles compare without their apostrophe (« Giscard d'Estaing »).
    words = [(w.text, fold_word(w.text).rstrip("'"), start + w.start) for w in raw]
    # « Pôle Emploi » is an organisation; « Etalab Louis Rached » is a person after an organisation.
    if words and (words[0][1] in _ORG_HEADS or words[0][1] in _KNOWN_ORGS):
        rest = words[1:]
        while rest and (rest[0][1] in _ORG_HEADS or rest[0][1] in _KNOWN_ORGS):
            rest.pop(0)
        if len(rest) < 2:
            return ORG, clean_display(span)
        words = rest
    elif any(f in _ORG_HEADS for _, f, _ in words):
        return ORG, clean_display(span)
    # Cut the name at the first role word (« Louis Rached Responsable Innovation »), or drop leading
    # roles (« Cheffe Cécile Le Guen »).
    while words and words[0][1] in _ROLES:
        words.pop(0)
    for i, (_, f, _) in enumerate(words):
        if f in _ROLES:
            words = words[:i]
            break
    while words and (words[-1][1] in _PARTICLES or not _capitalised(words[-1][0])):
        words.pop()
    if len(words) < 2 or len(words) > 5 or not re.search(r"\s", text[words[0][2] : words[-1][2]]):
        return None  # « Jean-Baptiste » alone is a first name, not a person
    if words[0][1] in _NOT_NAMES or words[-1][1] in _NOT_NAMES:
        return None
    for surface, f, offset in words:
        if f in _PARTICLES:
            continue
        if _capitalised(surface):
            if pos_of.get(offset, "PROPN") not in ("PROPN", "NOUN", "X", ""):
                return None
        else:
            return None
    if words[0][1] in lowercase_words or words[-1][1] in lowercase_words:
        return None  # a common word capitalised (« Défi Gobelins », « Gouvernement Ouvert »)
    first, last = words[0][2], words[-1][2] + len(words[-1][0])
    if not speaks(text, first, last):
        return None  # a person the text only mentions is not a speaker
    return PERSON, clean_display(text[first:last])


# What casts a name in running text as someone who speaks, presents or writes (folded text around it).
_CUE_BEFORE = re.compile(
    r"(?:\bpar|\bby|intervenant(?:e)?s?|speakers?|moderat(?:eur|rice)|temoignages? d[e']|interview d[e']|"
    r"entretien avec|rencontre avec|(?:atteste|explique|souligne|raconte|precise|ajoute|confie|temoigne|"
    r"rappelle|indique|detaille|presente)(?:-t-(?:il|elle))?)\s*:?\s*$"
)
_SPEECH_AFTER = re.compile(
    r"^[^.!?\n]{0,50}?\b(?:a|ont|va|vont|viendra|viendront|est venue?|sont venue?s)\s+(?:nous\s+)?"
    r"(?:presente|presenter|explique|expliquer|temoigne|temoigner|anime|animer|parle|parler|partage|partager|"
    r"expose|exposer|raconte|raconter|intervenir|atteste|souligne|echange)"
)
# « créé par », « fondé par », « nommé par »: the author of a thing or an act, not someone who speaks.
_AGENT_ONLY = re.compile(
    r"\b(?:cree|fonde|developpe|concu|invente|lance|initie|finance|nomme|signe|dirige|publie|edite|"
    r"decide|adopte|vote|propose|ecrit|redige)e?s?\b[^,.;:]{0,30}\bpar\s*$"
)
# A name opening a line or a table cell, after list marks and times: a programme line.
_LINE_START = re.compile(r"(?:^|\n|\|)[\s>*•·#|–—-]*(?:\d{1,2}\s*h\s*\d{0,2}\s*[-–—:]?\s*)?$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
_ALONE_AFTER = re.compile(r"^\s*(?:[.;]|\n|$)")
# A name followed by its role or organisation: « Nom, rôle », « Nom (Insee) », « Nom – rôle ».
_INTRODUCED = re.compile(r"^[)\]]*\s*(?:,|\(|\s[–—-]\s|:)")


def speaks(text: str, first: int, last: int) -> bool:
    """Whether the text around text[first:last] casts that person as speaking, presenting or writing: a
    programme line, a name given with its role, a cue (« animé par », « explique »), or a speech verb."""
    before = fold(text[max(0, first - 60) : first])
    if _LINE_START.search(text[max(0, first - 60) : first]):
        return True
    if _CUE_BEFORE.search(before):
        return not _AGENT_ONLY.search(before)
    after = text[last : last + 80]
    if _INTRODUCED.match(after) or _SPEECH_AFTER.match(fold(after)):
        return True
    next_word = fold(after).split(maxsplit=1)[:1]
    if next_word and next_word[0].strip(".,;:") in _ROLES:
        return True  # « Louis Rached Responsable Innovation »
    # A name standing alone as a line or a sentence: a heading, a caption, a signature, a list item.
    return bool(_SENTENCE_START.search(text[max(0, first - 60) : first]) and _ALONE_AFTER.match(after))


def org_from_span(text: str, start: int, end: int, gazetteer: Gazetteer) -> str | None:
    """An ORG span, kept only when it looks like an organisation; its canonical display."""
    span = clean_display(text[start:end])
    if not span or any(c.isdigit() or c in "/@_=|•·\n" for c in span) or not _capitalised(span):
        return None
    key = name_key(span)
    words = key.split()
    if not words or len(words) > 10:
        return None
    if key in gazetteer.orgs or key in gazetteer.acronyms:
        return gazetteer.org_display(span)
    if len(words) == 1:
        # A lone word is kept only as an acronym long enough not to be a common abbreviation (CDD, DSI).
        return span if span.isupper() and len(span) >= 4 else None
    if any(w in _ORG_HEADS for w in words):
        return gazetteer.org_display(span)
    return None
