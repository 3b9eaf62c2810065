"""Names of people and organisations: what reads as a person's name ("Eric Barthélémy", "Cécile Le Guen",
"Soraya SAA"), what as an organisation's, and `People`, the speakers, people mentioned and organisations
of one document as they are found. names.py says what looks like a name and is none."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from findit.ingest import names
from findit.ingest.peoplewords import GENERIC_ORG_WORDS, NOT_NAME_WORDS, ORG_HEAD_WORDS, ROLE_WORDS
from findit.namecues import SENTENCE_OPENERS
from findit.text import fold, fold_key

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿæœß"
# A personal name: two to four capitalised words ("Eric Barthélémy", "Cécile Le Guen", "Jean-Marc Ayrault").
_NAME_WORD = rf"(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}][{_LOWER}]+)?"
_PARTICLE = r"(?:de|du|d'|d’|le|la|van|von|da|di|ben|el)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?(?:{_NAME_WORD}|[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?)){{1,3}}"
NAME_RE = re.compile(rf"^{NAME}$")
# An organisation name: an acronym or a run of capitalised words, joined by short lowercase linking words.
_ORG_WORD = rf"(?:[{_UPPER}][\w’'&.-]*)"
_ORG_LINK = r"(?:\s+(?:(?:de|du|des|et|&|pour|en|la|le|les|sur)\s+)*(?:d['’]|l['’])?)"
ORG = rf"{_ORG_WORD}(?:{_ORG_LINK}{_ORG_WORD})*"
ORG_RE = re.compile(ORG)
# The organisation at the end of a role: "… chez Etalab", "… à la DITP", "… de SciencesPo".
ROLE_ORG = re.compile(rf"\b(?:chez|à|au sein de|auprès de|at)\s+(?:la\s+|le\s+|l[’']\s*|les\s+)?(?P<org>{ORG})")
# "TEST - Adeline Celier", "test: …": placeholder entries in lists.
TEST_ENTRY = re.compile(r"^\s*\[?\s*test\b\s*\]?\s*[-–:]", re.IGNORECASE)
# "Témoignage de Camille Monchicourt", "Interventions de X et Y", "avec X": the phrase before the names.
ROLE_PHRASE = re.compile(r"^(?P<phrase>(?:[\w’'-]+\s+){0,2}?)(?:de|d['’]|par|avec|by|with)\s+(?P<rest>.+)$", re.I)
# Civilities before a name ("Mme Laure LUCCHESI"), and capitalised sentence openers glued to one
# ("Actuellement Clément Mabi, chercheur…"): neither is part of the name.
CIVILITY = re.compile(r"^(?:M\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Me|Monsieur|Madame|Mademoiselle)\s+")
# (folded; with findit.namecues.SENTENCE_OPENERS)
OPENERS = SENTENCE_OPENERS | frozenset(
    "actuellement aujourd'hui application selon pour avec merci pendant depuis lors comme chez selection"
    " bienvenue egalement notamment desormais apres avant".split()
)
PARTICLES = frozenset("le la les de du des d' van von da di el".split())


@dataclass
class People:
    speakers: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # mentioned only
    test_entries: list[str] = field(default_factory=list)
    stated: set[str] = field(default_factory=set)  # speakers the data names as such (front matter, a profile)

    def _name(self, name: str) -> str:
        """The person's name in a text that may carry a role phrase before it or an organisation after
        it; "" when it is no name."""
        name = CIVILITY.sub("", tidy(name).strip(" ,;:."))
        words = name.split()
        words = words[leading_openers(words) :]
        if words and words[0].lower() in PARTICLES:
            return ""  # "Le Dévéhat de Brigade Numérique": a surname cut from its first name
        name = " ".join(words)
        phrase = ROLE_PHRASE.match(name)
        if phrase and phrase["phrase"] and fold(phrase["phrase"].split()[0]) in names.ROLE_PHRASES:
            name = phrase["rest"].strip()
        person, organisation = split_organisation(name)
        if organisation:
            self.add_organisation(organisation)
        if not person or not is_name(person) or names.not_a_person(person, NOT_NAME_WORDS):
            return ""
        if fold(person.split()[0]) in ORG_HEAD_WORDS:
            return ""  # "Préfecture de Police de Paris"
        return person

    def add_speaker(self, name: str, stated: bool = False) -> None:
        if TEST_ENTRY.match(tidy(name)):
            if tidy(name) not in self.test_entries:
                self.test_entries.append(tidy(name))
            return
        person = self._name(name)
        if not person:
            return
        if stated:
            self.stated.add(names.person_key(person))
        if names.person_key(person) not in {names.person_key(s) for s in self.speakers}:
            self.speakers.append(person)

    def add_person(self, name: str) -> None:
        person = self._name(name)
        if person and names.person_key(person) not in {names.person_key(s) for s in self.people}:
            self.people.append(person)

    def add_organisation(self, name: str) -> None:
        name = tidy(name).strip(" .,;:")
        if name.count("(") > name.count(")"):
            name += ")"
        words = name.split()
        if (
            not words
            or len(name) > 80
            or TEST_ENTRY.match(name)
            or words[0].lower() in ROLE_WORDS
            or (len(words) == 1 and words[0].lower() in GENERIC_ORG_WORDS)
            or (name[0].islower() and len(words) > 1)  # "alias neocarto": a phrase, not a name
            or not names.is_organisation(name)
        ):
            return
        if fold_key(name) not in {fold_key(o) for o in self.organisations}:
            self.organisations.append(name)

    def finish(self, speaking: bool = True) -> None:
        """A speaker is not also merely mentioned. On a page where nobody speaks (`speaking` false: a
        project, a profile, a legal notice), the people its text names are mentioned, not speakers."""
        if not speaking:
            for person in self.speakers:
                if names.person_key(person) not in self.stated and person not in self.people:
                    self.people.append(person)
            self.speakers = [s for s in self.speakers if names.person_key(s) in self.stated]
        keys = {names.person_key(s) for s in self.speakers}
        self.people = [p for p in self.people if names.person_key(p) not in keys]


def leading_openers(words: list[str]) -> int:
    """How many of a capitalised run's first words open the sentence rather than the name (« Actuellement
    Clément Mabi », « Enfin Marie Curie »): a sentence opener or an adverb in -ment, a name of two words left."""
    count = 0
    while len(words) - count > 2 and (fold(words[count]) in OPENERS or words[count].lower().endswith("ment")):
        count += 1
    return count


def tidy(text: object) -> str:
    return re.sub(r"\s+", " ", unescape(str(text))).strip() if text is not None else ""


def is_name(text: str) -> bool:
    return bool(NAME_RE.match(tidy(text)))


def split_organisation(text: str) -> tuple[str, str]:
    """ "Julien Bouquillon Ministères sociaux" → ("Julien Bouquillon", "Ministères sociaux"): a name runs up
    to the first word that heads an organisation."""
    words = text.split()
    for index, word in enumerate(words[2:], start=2):
        key = fold(word).strip(",;")
        if key in ORG_HEAD_WORDS or (len(key) > 3 and key.endswith(("s", "x")) and key[:-1] in ORG_HEAD_WORDS):
            return " ".join(words[:index]), " ".join(words[index:])
    return text, ""


def organisations_in(description: str) -> list[str]:
    """Organisations in a short "role, Org" description: leading capitalised parts, or the capitalised
    run after a lowercase role word ("doctorant INRIA", "chercheur Sorbonne Nouvelle")."""
    found: list[str] = []
    parts = [p.strip() for p in re.split(r",|/|\(|\)", description) if p.strip()]
    for index, part in enumerate(parts):
        words = part.split()
        if not words:
            continue
        if words[0][0].isupper() and len(words) <= 6:
            match = ORG_RE.match(part)
            if match and match.group(0) == part.rstrip("."):
                found.append(match.group(0))
                continue
        if index == 0 and words[0].lower() in ROLE_WORDS:
            # "doctorant INRIA, sur l'algorithme…": the capitalised words right after the role.
            match = re.match(rf"[\w’'-]+\s+(?P<org>{ORG})", part)
            if match:
                found.append(match["org"])
        if len(words) > 6:
            break  # prose ("il a réalisé une auto-ethnographie…"), not a description any more
        match = ROLE_ORG.search(part)
        if match:
            found.append(match["org"])
    return found
