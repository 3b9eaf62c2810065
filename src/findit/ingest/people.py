"""Speakers, people mentioned and organisations a document states in its structure (named-entity
recognition comes later, in analysis): front-matter lists, "**Name**, *Organisation*" lines, speaker
lists and programme tables ("Nom, rôle, organisation"), /personnes/<slug>/ links. peopletext.py reads
the people its sentences introduce ("Name, role chez Org", "Écrit par …").

Speakers are the people who speak at an event or wrote the piece; people a text only mentions (a link to
their page) are `people`. names.py says what is no name at all."""

from __future__ import annotations

import re
from urllib.parse import unquote

from findit.ingest.markup import Link, NamedLine
from findit.ingest.peoplewords import ROLE_WORDS
from findit.ingest.personnames import ROLE_ORG, TEST_ENTRY, People, is_name, organisations_in, split_organisation, tidy
from findit.namecues import SPEAKER_NOUNS, says_a_body
from findit.text import fold

__all__ = ["People", "is_name", "organisations_in"]

# Where one works, said without a role word first ("expert accessibilité au sein de DesignGouv").
WORKS_AT = re.compile(r"\b(?:chez|au sein d[eu]|auprès d[eu]|at)\s")
PERSON_LINK = re.compile(r"/(?:personnes|people|team|equipe|auteurs?|authors?|membres?)/(?P<slug>[^/?#\s]+)/?")
# A programme's time cell: "14h00", "9:30 - 10:00", "14h-15h".
TIME_CELL = re.compile(
    r"^\s*\d{1,2}\s*(?:h|:)\s*\d{0,2}(?:\s*[-–à]\s*\d{1,2}\s*(?:h|:)\s*\d{0,2})?\s*(?:CET|CEST)?\s*$"
)
LIST_SEPARATORS = re.compile(r"\s*(?:;|&|\bet\b|\band\b|\n|/)\s*")


def from_front_matter(meta: dict, people: People) -> None:
    """Name lists in the front matter (agents.list, speakers, intervenants…) and interview fields."""
    first, last = tidy(meta.get("firstName")), tidy(meta.get("lastName"))
    if first or last:
        people.add_speaker(f"{first} {last}".strip(), stated=True)
        if meta.get("company"):
            people.add_organisation(tidy(meta["company"]))
    for key in ("speakers", "intervenants", "orateurs", "participants", "speaker", "intervenant"):
        _add_names(meta.get(key), people)
    for key in ("author", "authors", "auteur", "auteurs"):
        # The writer of a piece: "Tiphaine Phe-Neau, EIG Prévisecours" (a name, then what they are).
        written = meta.get(key)
        for value in written if isinstance(written, list) else [written]:
            if isinstance(value, dict):
                value = value.get("name") or value.get("nom")
            if isinstance(value, str):
                for part in re.split(r"\s+(?:et|and|&)\s+|;", value):
                    name = part.split(",")[0].strip()
                    if is_name(name):
                        people.add_speaker(name, stated=True)
    for key, value in meta.items():
        if isinstance(value, dict) and isinstance(value.get("list"), list):
            # A page's section of people (« talents », « agents », « sponsors », portraits) shows them: they
            # speak only where the section says so (« intervenants », « speakers »).
            label = fold(f"{key} {value.get('title', '')}")
            _add_names(value["list"], people, speakers=bool(_SPEAKER_SECTION.search(label)))
    for key in ("organizations", "organisations", "organisation", "organization", "company"):
        stated = meta.get(key)
        for value in stated if isinstance(stated, list) else [stated]:
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str):
                people.add_organisation(value)


_SPEAKER_SECTION = re.compile(rf"\b(?:{SPEAKER_NOUNS}|programme)")


def _add_names(value: object, people: People, speakers: bool = True) -> None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return
    for item in value:
        if isinstance(item, dict):
            org = item.get("organisation") or item.get("organization") or item.get("company")
            if isinstance(org, str):
                people.add_organisation(org)
            item = item.get("name") or item.get("nom") or item.get("title") or ""
        if not isinstance(item, str):
            continue
        if TEST_ENTRY.match(item):
            people.add_speaker(item)  # flagged as a test entry, never kept as a person
        elif is_name(item):  # lists of anything else (projects, steps…) share the shape
            if speakers:
                people.add_speaker(item, stated=True)
            else:
                people.add_person(item)


def from_named_lines(lines: list[NamedLine], people: People, speakers: bool = True) -> None:
    """ "**Eric Barthélémy**, *La Bonne Boite, Pôle Emploi*" → a speaker (on an event's page; elsewhere,
    a list of names in bold, laureates say, is people mentioned) and his organisations."""
    for line in lines:
        name = line.strong.strip(" ,:")
        if not is_name(name):
            continue
        if re.search(rf"(?<![\w’'-]){re.escape(name.split()[0].lower())}(?![\w’'-])", line.rest):
            continue  # « **Défi Gobelins:** …, par X (défi EIG) »: a common word the line writes in lower case
        described = line.emphasis[0] if line.emphasis else line.rest.lstrip(" ,:-–")
        if says_a_body(described):
            people.add_organisation(name)  # « **Impact AI**, collectif de réflexion et d'action »
            continue
        if speakers:
            people.add_speaker(name)
        else:
            people.add_person(name)
        for org in organisations_in(described):
            people.add_organisation(org)


def role_like(described: str) -> bool:
    """ "cheffe de la mission Talents", "datascientist à la MAIF", "expert accessibilité au sein de …": a
    description opening with a role or saying where one works."""
    words = re.sub(r"^(?:l[ae]\s+|l[’']\s*|un\s+|une\s+)", "", described.strip(), flags=re.I).split()
    if not words:
        return False
    head = words[0].lower().strip(",;")
    return head in ROLE_WORDS or head.rstrip("s") in ROLE_WORDS or bool(WORKS_AT.search(described))


def from_speaker_lines(lines: list[str], people: People, roles_only: bool = False) -> None:
    """ "Name, role, organisation" lines (the bullets of a "Nos intervenants" list, a programme's cells),
    whatever the role; "Label : Name, role" too. `roles_only`: bullets of any list, which count only
    when what follows the name reads as a role ("Étape Normandie, Rouen" is no person)."""
    for line in lines:
        line = line.split(" : ", 1)[1] if " : " in line[:40] else line
        name, _, described = line.partition(",")
        if "(" in name and not described:
            name, _, described = name.partition("(")
        if not is_name(split_organisation(name.strip())[0]):
            continue
        if roles_only and not role_like(described):
            continue
        people.add_speaker(name.strip())
        for org in organisations_in(described):
            people.add_organisation(org)
        role = ROLE_ORG.search(described)
        if role:
            people.add_organisation(role["org"])


def from_rows(rows: list[tuple[str, ...]], people: People, programme: bool) -> None:
    """A programme table (a row with a time cell, or any table of an event page): each cell naming people
    gives speakers ("Name, role, Org", "Name (Org)", "Name & Name") and the organisations named beside them."""
    timed = any(TIME_CELL.match(cell) for row in rows for cell in row)
    if not (programme or timed):
        return
    for row in rows:
        for cell in row:
            if TIME_CELL.match(cell) or len(cell) > 200:
                continue
            pieces = [p for p in LIST_SEPARATORS.split(cell) if p.strip()]
            if any(is_name(split_organisation(p.split(",")[0].split("(")[0].strip())[0]) for p in pieces):
                from_speaker_lines(pieces, people)


def from_links(links: list[Link], people: People, speakers: bool) -> None:
    """Links to /personnes/<slug>/ pages name people (the link text when it is a name, else the slug):
    speakers on an event page, people mentioned elsewhere."""
    add = people.add_speaker if speakers else people.add_person
    for link in links:
        match = PERSON_LINK.search(link.href)
        if not match:
            continue
        if is_name(link.text):
            add(link.text)
        else:
            slug = unquote(match["slug"])
            add(" ".join(part.capitalize() for part in re.split(r"[-_]+", slug) if part))
