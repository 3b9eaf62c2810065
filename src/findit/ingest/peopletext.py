"""Speakers and people mentioned that a document's sentences introduce, read from the words around a
name (findit.namecues): "Name, role chez Org", « animée par X », "Écrit par …", "Présentation par X", a
title ending "avec X et Y", a byline. Who a caption, a credit or a legal notice names does not speak.
people.py reads the people a document states in its structure (front matter, lists, tables, links)."""

from __future__ import annotations

import re

from findit.ingest.peoplewords import ROLE_WORDS
from findit.ingest.personnames import NAME, ROLE_ORG, People, is_name, leading_openers
from findit.namecues import (
    CAPTION,
    CITED_BEFORE,
    NAME_CLOSING_LINE,
    PUBLISHER_BEFORE,
    closes_presented_item,
    cue_before,
    opens_introduction,
    shows_speech,
    speaks_now,
    speech_after,
    under_people_label,
)
from findit.text import fold

# "…, role …" right after a name: "Dominique Cardon, professeur de sociologie à SciencesPo".
NAME_ROLE = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME}),\s+(?:l[ae]\s+|l[’']\s*)?(?P<role>[\w’'-]+)(?P<rest>(?:[^.;:\n]|\.(?=\w))*)"
)
# "Dominique Cardon (professeur de sociologie à SciencesPo)".
NAME_PAREN_ROLE = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME})\s+\((?:l[ae]\s+|l[’']\s*)?(?P<role>[\w’'-]+)(?P<rest>[^()]*)\)"
)
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
# The piece saying what it is and whose (« « Trouver les maux » est une tribune d'Ugo Dessertine »,
# « Cet article est un entretien avec … »): its writer, or the person it interviews. « est » makes it the
# piece itself (« l'article de X » alone names another piece: findit.namecues.CITED_BEFORE), and « de »,
# « par » or « avec » a person's (« une chronique France Culture » is a programme's).
SELF_DESCRIBED = re.compile(
    r"(?i:\best\s+(?:une|un)\s+(?:tribune|billet|chronique|édito|éditorial|carte\s+blanche|lettre\s+ouverte|"
    r"point\s+de\s+vue|texte|article|entretien|interview)\s+"
    r"(?:de\s+|d['’]\s*|signée?\s+par\s+|écrite?\s+par\s+|rédigée?\s+par\s+|avec\s+))"
    rf"(?P<name>{NAME})"
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


def from_written_by(paragraphs: list[str], people: People) -> None:
    """The writer named at the head of a piece (« Écrit par … », « … est une tribune de X ») wrote it: a
    speaker."""
    for paragraph in paragraphs:
        for match in WRITTEN_BY.finditer(paragraph):
            people.add_speaker(match["name"])
            for name in re.findall(NAME, match["more"]):
                people.add_speaker(name)
        for match in SELF_DESCRIBED.finditer(paragraph):
            people.add_speaker(match["name"])


def byline(text: str) -> str:
    """The author of "vendredi 10 septembre 2021, par Christophe Garnier"."""
    match = BYLINE.search(text)
    return match["name"] if match else ""
