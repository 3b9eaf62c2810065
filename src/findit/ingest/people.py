"""Speakers and organisations read from a document's structure (named-entity recognition comes later,
in analysis): front-matter lists, "**Name**, *Organisation*" lines, /personnes/<slug>/ links,
"Name, role chez Org" and interview fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import unquote

from findit.ingest.markup import Link, NamedLine
from findit.text import fold_key

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿæœß"
# A personal name: two to four capitalised words ("Eric Barthélémy", "Cécile Le Guen", "Jean-Marc Ayrault").
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_PARTICLE = r"(?:de|du|des|d'|d’|le|la|van|von|da|di|ben|el)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?(?:{_NAME_WORD}|[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?)){{1,3}}"
NAME_RE = re.compile(rf"^{NAME}$")
# An organisation name: an acronym or a run of capitalised words, joined by short lowercase linking words.
_ORG_WORD = rf"(?:[{_UPPER}][\w’'&.-]*)"
_ORG_LINK = r"(?:\s+(?:(?:de|du|des|et|&|pour|en|la|le|les|sur)\s+)*(?:d['’]|l['’])?)"
ORG = rf"{_ORG_WORD}(?:{_ORG_LINK}{_ORG_WORD})*"
ORG_RE = re.compile(ORG)

# Words that open a role ("professeur de sociologie", "Head of open data", "Cheffe de projets").
ROLE_WORDS = frozenset(
    """
professeur professeure directeur directrice chef cheffe responsable chargé chargée doctorant doctorante
chercheur chercheuse fondateur fondatrice cofondateur cofondatrice co-fondateur co-fondatrice designer
head ministre président présidente délégué déléguée conseiller conseillère adjoint adjointe spécialiste
expert experte développeur développeuse développeur·se coordinateur coordinatrice député députée maire
secrétaire sous-directeur sous-directrice administrateur administratrice ingénieur ingénieure
entrepreneur entrepreneure entrepreneuse data product lead manager consultant consultante analyste
architecte animateur animatrice médiateur médiatrice juriste avocat avocate journaliste enseignant
enseignante maître maîtresse membre porteur porteuse mentor mentore agent agente officier officière
préfet préfète inspecteur inspectrice commissaire rapporteur rapporteure auteur autrice sociologue
économiste philosophe historien historienne ux ui cto ceo cdo dsi dg dga dgs
""".split()
)
# Capitalised words that make a role or a body, never a person's name ("Chief Technology Officer").
NOT_NAME_WORDS = ROLE_WORDS | frozenset(
    """
chief officer director officer technology design ministère ministre direction agence mission service
département délégation secrétariat programme projet équipe pôle bureau cellule laboratoire lab
université institut école centre conseil commission comité observatoire association fondation société
groupe semaine journée atelier webinaire meetup forum accueil introduction conclusion ouverture
clôture animation modération intervention présentation keynote table ronde questions pause déjeuner
""".split()
)
# One of these alone is a truncated name ("Direction" of "Direction interministérielle du numérique").
GENERIC_ORG_WORDS = frozenset(
    """
direction ministère ministere agence mission service département departement délégation delegation
secrétariat secretariat cour ville conseil commission comité comite bureau cellule pôle pole équipe
equipe programme université universite institut école ecole centre
""".split()
)
# "…, role …" right after a name: "Dominique Cardon, professeur de sociologie à SciencesPo".
NAME_ROLE = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME}),\s+(?:l[ae]\s+|l[’']\s*)?(?P<role>[\w’'-]+)(?P<rest>(?:[^.;:\n]|\.(?=\w))*)"
)
# "Dominique Cardon (professeur de sociologie à SciencesPo)".
NAME_PAREN_ROLE = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME})\s+\((?:l[ae]\s+|l[’']\s*)?(?P<role>[\w’'-]+)(?P<rest>[^()]*)\)"
)
# The organisation at the end of a role: "… chez Etalab", "… à la DITP", "… de SciencesPo".
ROLE_ORG = re.compile(rf"\b(?:chez|à|au sein de|auprès de)\s+(?:la\s+|le\s+|l[’']\s*|les\s+)?(?P<org>{ORG})")
# "par Christophe Garnier" in a byline.
BYLINE = re.compile(rf"\bpar\s+(?P<name>{NAME})")
# A title ending "avec Name, Name et Name".
TITLE_GUESTS = re.compile(rf"\bavec\s+(?P<names>{NAME}(?:\s*(?:,|et)\s+{NAME})*)\s*[.!?»]?\s*$")
PERSON_LINK = re.compile(r"/personnes/(?P<slug>[^/?#\s]+)/?")
# "TEST - Adeline Celier", "test: …": placeholder entries in lists.
TEST_ENTRY = re.compile(r"^\s*\[?\s*test\b\s*\]?\s*[-–:]", re.IGNORECASE)


@dataclass
class People:
    speakers: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    test_entries: list[str] = field(default_factory=list)

    def add_speaker(self, name: str) -> None:
        name = _tidy(name)
        if not name or any(word.lower() in NOT_NAME_WORDS for word in re.split(r"[\s-]+", name)):
            return
        if TEST_ENTRY.match(name):
            if name not in self.test_entries:
                self.test_entries.append(name)
            return
        if fold_key(name) not in {fold_key(s) for s in self.speakers}:
            self.speakers.append(name)

    def add_organisation(self, name: str) -> None:
        name = _tidy(name).strip(" .,;:")
        if name.count("(") > name.count(")"):
            name += ")"
        words = name.split()
        if (
            not words
            or len(name) > 80
            or TEST_ENTRY.match(name)
            or words[0].lower() in ROLE_WORDS
            or len(words) == 1
            and words[0].lower() in GENERIC_ORG_WORDS
        ):
            return
        if fold_key(name) not in {fold_key(o) for o in self.organisations}:
            self.organisations.append(name)


def _tidy(text: object) -> str:
    return re.sub(r"\s+", " ", unescape(str(text))).strip() if text is not None else ""


def is_name(text: str) -> bool:
    return bool(NAME_RE.match(_tidy(text)))


def from_front_matter(meta: dict, people: People) -> None:
    """Name lists in the front matter (agents.list, speakers, intervenants…) and interview fields."""
    first, last = _tidy(meta.get("firstName")), _tidy(meta.get("lastName"))
    if first or last:
        people.add_speaker(f"{first} {last}".strip())
        if meta.get("company"):
            people.add_organisation(_tidy(meta["company"]))
    for key in ("speakers", "intervenants", "orateurs", "participants"):
        _add_names(meta.get(key), people)
    for value in meta.values():
        if isinstance(value, dict) and isinstance(value.get("list"), list):
            _add_names(value["list"], people)


def _add_names(value: object, people: People) -> None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return
    for item in value:
        if isinstance(item, dict):
            item = item.get("name") or item.get("nom") or item.get("title") or ""
        # Lists of anything else (projects, steps…) share the shape: keep only what reads as a name.
        if isinstance(item, str) and (is_name(item) or TEST_ENTRY.match(item)):
            people.add_speaker(item)


def from_named_lines(lines: list[NamedLine], people: People) -> None:
    """ "**Eric Barthélémy**, *La Bonne Boite, Pôle Emploi*" → a speaker and his organisations."""
    for line in lines:
        name = line.strong.strip(" ,:")
        if not is_name(name):
            continue
        people.add_speaker(name)
        described = line.emphasis[0] if line.emphasis else line.rest.lstrip(" ,:-–")
        for org in _organisations_in(described):
            people.add_organisation(org)


def _organisations_in(description: str) -> list[str]:
    """Organisations in a short "role, Org" description: leading capitalised parts, or the capitalised
    run after a lowercase role word ("doctorant INRIA", "chercheur Sorbonne Nouvelle")."""
    found: list[str] = []
    parts = [p.strip() for p in re.split(r",|/", description) if p.strip()]
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


def from_speaker_lines(lines: list[str], people: People) -> None:
    """The bullets of a "Nos intervenants" list: "Name, role, organisation", whatever the role."""
    for line in lines:
        name, _, described = line.partition(",")
        if not is_name(name.strip()):
            continue
        people.add_speaker(name.strip())
        for org in _organisations_in(described):
            people.add_organisation(org)
        role = ROLE_ORG.search(described)
        if role:
            people.add_organisation(role["org"])


def from_title(title: str, people: People) -> None:
    """ "…, avec Soizic Pénicaud et Simon Chignard": the names a title ends with."""
    match = TITLE_GUESTS.search(title)
    if match:
        for name in re.split(r"\s*,\s*|\s+et\s+", match["names"]):
            if is_name(name):
                people.add_speaker(name)


def from_text(paragraphs: list[str], people: People) -> None:
    """ "Name, role … chez Org" anywhere in the text."""
    for paragraph in paragraphs:
        for match in [*NAME_ROLE.finditer(paragraph), *NAME_PAREN_ROLE.finditer(paragraph)]:
            if match["role"].lower() not in ROLE_WORDS:
                continue
            people.add_speaker(match["name"])
            org = ROLE_ORG.search(match["rest"])
            if org:
                people.add_organisation(org["org"])


def from_links(links: list[Link], people: People) -> None:
    """Links to /personnes/<slug>/ pages name people: the link text when it is a name, else the slug."""
    for link in links:
        match = PERSON_LINK.search(link.href)
        if not match:
            continue
        if is_name(link.text):
            people.add_speaker(link.text)
        else:
            slug = unquote(match["slug"])
            people.add_speaker(" ".join(part.capitalize() for part in re.split(r"[-_]+", slug) if part))


def byline(text: str) -> str:
    """The author of "vendredi 10 septembre 2021, par Christophe Garnier"."""
    match = BYLINE.search(text)
    return match["name"] if match else ""
