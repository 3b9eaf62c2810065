"""Speakers, people mentioned and organisations read from a document's structure (named-entity
recognition comes later, in analysis): front-matter lists, "**Name**, *Organisation*" lines, speaker
lists and programme tables ("Nom, rôle, organisation"), /personnes/<slug>/ links, "Name, role chez Org".

Speakers are the people who speak at an event or wrote the piece; people a text only mentions (a link to
their page) are `people`. names.py says what is no name at all."""

from __future__ import annotations

import re
from urllib.parse import unquote

from findit.ingest.markup import Link, NamedLine
from findit.ingest.peoplewords import ROLE_WORDS
from findit.ingest.personnames import (
    NAME,
    ROLE_ORG,
    TEST_ENTRY,
    People,
    is_name,
    leading_openers,
    organisations_in,
    split_organisation,
    tidy,
)
from findit.namecues import (
    CAPTION,
    CITED_BEFORE,
    NAME_CLOSING_LINE,
    PUBLISHER_BEFORE,
    SPEAKER_NOUNS,
    closes_presented_item,
    cue_before,
    opens_introduction,
    says_a_body,
    shows_speech,
    speaks_now,
    speech_after,
    under_people_label,
)
from findit.text import fold

__all__ = ["People", "is_name", "organisations_in"]

# "…, role …" right after a name: "Dominique Cardon, professeur de sociologie à SciencesPo".
NAME_ROLE = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME}),\s+(?:l[ae]\s+|l[’']\s*)?(?P<role>[\w’'-]+)(?P<rest>(?:[^.;:\n]|\.(?=\w))*)"
)
# "Dominique Cardon (professeur de sociologie à SciencesPo)".
NAME_PAREN_ROLE = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME})\s+\((?:l[ae]\s+|l[’']\s*)?(?P<role>[\w’'-]+)(?P<rest>[^()]*)\)"
)
# Where one works, said without a role word first ("expert accessibilité au sein de DesignGouv").
WORKS_AT = re.compile(r"\b(?:chez|au sein d[eu]|auprès d[eu]|at)\s")
# "Marie Charbonnel et Sandrine Rodriguez, membres de…": the names before the one a role follows.
NAME_BEFORE = re.compile(rf"(?P<name>{NAME})\s*(?:,|\bet\b|\band\b)\s*$")
# "par Christophe Garnier" in a byline.
BYLINE = re.compile(rf"\b(?:par|by)\s+(?P<name>{NAME})")
# "Écrit par Camille Dupont", "Propos recueillis par …", a line opening "Par Camille Dupont": the writer;
# "This article was written by Fing's Our Systems team: Hubert Guillaud and Thierry Marcou": the writers.
WRITTEN_BY = re.compile(
    rf"(?i:\b(?:écrit|écrite|rédigé|rédigée|signé|signée|recueillis|written|posted)\s+(?:par|by)|^(?:par|by))\s+"
    rf"(?:[^:\n.]{{0,60}}?:\s*)?(?:\[)?(?P<name>{NAME})(?P<more>(?:\s*(?:,|\bet\b|\band\b)\s*\[?{NAME})*)",
    re.MULTILINE,
)
# A title ending "avec Name, Name et Name" or "par Name".
TITLE_GUESTS = re.compile(rf"\b(?:avec|par|with|by)\s+(?P<names>{NAME}(?:\s*(?:,|et|and)\s+{NAME})*)\s*[.!?»]?\s*$")
# "Présentation par Julien Gaffuri (Eurostat)": who presents; not who organises, funds or hosts.
PRESENTED_BY = re.compile(rf"(?<!\w)(?P<verb>[\w’'-]+)\s+par\s+(?P<name>{NAME})(?:\s+\((?P<org>[^()]{{2,60}})\))?")
NOT_PRESENTING = frozenset(
    "organisé organisée organisés organisées proposé proposée porté portée portés financé financée soutenu"
    " soutenue initié initiée lancé lancée coordonné coordonnée piloté pilotée accueilli accueillie édité"
    " publié publiée écrit écrite rédigé rédigée".split()
)
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


def from_title(title: str, people: People) -> None:
    """ "…, avec Soizic Pénicaud et Simon Chignard": the names a title ends with."""
    match = TITLE_GUESTS.search(title)
    if match:
        for name in re.split(r"\s*,\s*|\s+et\s+", match["names"]):
            if is_name(name):
                people.add_speaker(name)


def from_presenters(texts: list[str], people: People) -> None:
    """ "Présentation par Julien Gaffuri (Eurostat)" in an event's title or lead: a speaker."""
    for text in texts:
        for match in PRESENTED_BY.finditer(text):
            if match["verb"].lower() not in NOT_PRESENTING:
                people.add_speaker(match["name"])
                if match["org"]:
                    people.add_organisation(match["org"])


def not_speaking(paragraph: str, start: int, previous: str = "") -> bool:
    """Whether a name at `start` is the author of another piece (« L'article de X, designer … »), in a
    photo caption or credit (« © X », « Photographie par X ») or a legal notice's publication director (its
    label may be the previous paragraph): introduced with a role, yet not speaking."""
    line_start = paragraph.rfind("\n", 0, start) + 1
    line_end = paragraph.find("\n", start)
    line = fold(paragraph[line_start : line_end if line_end >= 0 else len(paragraph)])
    if PUBLISHER_BEFORE.search(fold((previous[-80:] + "\n\n" + paragraph[:start])[-80:])):
        return True
    return bool(CAPTION.search(line) or CITED_BEFORE.search(fold(paragraph[max(line_start, start - 40) : start])))


def not_pictured(paragraphs: list[str], captions: list[str], event: bool = False) -> list[str]:
    """The paragraphs whose people may speak or write: all but the captions of pictures that show no one
    speaking (`shows_speech`; outside an event's page, no one presenting)."""
    pictures = {c for c in captions if not shows_speech(c, event)}
    return [p for p in paragraphs if p not in pictures]


def from_text(paragraphs: list[str], people: People, event: bool = False) -> None:
    """ "Name, role … chez Org": a person introduced with a role is a speaker on an event's page, or where
    the name opens a sentence or a line or a cue casts it (« animée par X, … »); elsewhere inside a sentence
    (« Actuellement X, chercheur à l'UTC, suit … »), a person the text talks about."""
    for i, paragraph in enumerate(paragraphs):
        for match in [*NAME_ROLE.finditer(paragraph), *NAME_PAREN_ROLE.finditer(paragraph)]:
            role = match["role"].lower()
            if role not in ROLE_WORDS and role.rstrip("s") not in ROLE_WORDS:
                continue
            if not_speaking(paragraph, match.start("name"), paragraphs[i - 1] if i else ""):
                continue
            if under_people_label("\n\n".join([*paragraphs[max(0, i - 60) : i], paragraph[: match.start("name")]])):
                people.add_person(match["name"])  # « EIG lauréats : » then a name a paragraph: named, not speaking
                continue
            listed = [match["name"]]
            words = match["name"].split()
            # « Actuellement Clément Mabi, … »: the name starts after the words that open the sentence.
            before = " ".join([paragraph[: match.start()], *words[: leading_openers(words)]])
            for _ in range(6):
                previous = NAME_BEFORE.search(before)
                if not previous:
                    break
                listed.append(previous["name"])
                before = before[: previous.start()]
            opens = (
                opens_introduction(before)
                or cue_before(fold(before[-60:]))
                or speech_after(fold(paragraph[match.end("name") : match.end("name") + 400]), reach=300)
                or speaks_now(fold(before[-60:]), fold(paragraph[match.end("name") : match.end("name") + 200]))
            )
            add = people.add_speaker if event or opens else people.add_person
            for name in listed:
                add(name)
            org = ROLE_ORG.search(match["rest"])
            if org:
                people.add_organisation(org["org"])


def from_presented_items(paragraphs: list[str], people: People) -> None:
    """« Les quatre défis présentés sont : » then one item a line closed by a name after a dash: each
    person presents their item, a speaker (a link to a profile page alone only names them)."""
    text = "\n\n".join(paragraphs)
    for match in NAME_CLOSING_LINE.finditer(text):
        name = match["name"].strip()
        if is_name(name) and closes_presented_item(
            text[max(0, match.start("name") - 6000) : match.start("name")], text[match.end("name") :]
        ):
            people.add_speaker(name)


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


def from_written_by(paragraphs: list[str], people: People) -> None:
    """The writer named at the head of a piece ("Écrit par …") wrote it: a speaker."""
    for paragraph in paragraphs:
        for match in WRITTEN_BY.finditer(paragraph):
            people.add_speaker(match["name"])
            for name in re.findall(NAME, match["more"]):
                people.add_speaker(name)


def byline(text: str) -> str:
    """The author of "vendredi 10 septembre 2021, par Christophe Garnier"."""
    match = BYLINE.search(text)
    return match["name"] if match else ""
