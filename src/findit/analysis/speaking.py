"""Whether running text casts a person it names as speaking, presenting or writing (`speaks`).

A name the model finds, or one the archive knows, is a speaker of a text only where the text says so: a
programme line, a name given with its role, a cue (« animé par », « explique »), a speech verb. People in
a caption or a credit, authors of other pieces, people cited, and the names of a list that nothing casts
are not speakers."""

from __future__ import annotations

import re

from findit.analysis.namewords import NOT_NAMES, ORG_HEADS, ROLES
from findit.namecues import (
    CAPACITY_BEFORE,
    CAPTION,
    CITED_BEFORE,
    PUBLISHER_BEFORE,
    SPEAKING_VERBS,
    closes_presented_item,
    cue_before,
    opens_introduction,
    says_a_body,
    shows_speech,
    speaks_now,
    speech_after,
    under_people_label,
    writes_a_titled_work,
)
from findit.text import fold, fold_word

# « …, par X » signs a title or a programme line when the line ends with its clause (« Dix ans d'Etalab, par
# X », « Outil …, par X et les membres de l'équipe »); in a paragraph that goes on it names an agent (« … et
# de Wikipédia, par X et Y. Les deux décennies suivantes … »).
_CLAUSE_BY = re.compile(r",\s*(?:par|by)\s*$")
_LINE_GOES_ON = re.compile(r"^[^\n]*?[.!?]\s+\S")
# A name opening a line or a table cell, after list marks and times: a programme line.
LINE_START = re.compile(r"(?:^|\n|\|)[\s>*•·#|–—-]*(?:\d{1,2}\s*h\s*\d{0,2}\s*[-–—:]?\s*)?$")
_ALONE_AFTER = re.compile(r"^\s*(?:[.;]|\n|$)")
# A sentence going on after the name (« X a été prolongé jusqu'en décembre »): prose, which the cues decide.
# (Not « X et Y », « X du Pôle Fintech », « X de l'Insee », « X chez Etalab »: a list, an affiliation.)
_PROSE_AFTER = re.compile(r"^ (?!(?:et|and|ou|de|du|des|d['’]|chez|à|au|aux)\b)[a-zàâçéèêëîïôûù]")
# « Nom, description, » then a tense of narration (« X, EIG de la première promotion, avait pour mission … »,
# « X, après un passage à la DGFiP, est devenue … »): the sentence tells the person's story (lower case, not
# folded: « à » is no « a »; no plural, which mostly reports a panel speaking).
_NARRATED = re.compile(
    r"^\s*,[^.!?\n]{2,200}?,\s+(?:avait|était|fut|(?:est|a)\s+(?:\S+\s+){0,3}?"
    r"(?:devenue?s?|rejoint|été|travaillé|occupé|quitté|intégré)\b)"
)
# A name followed by its role or organisation: « Nom, rôle », « Nom (Insee) », « Nom – rôle » (not « Nom :
# … », which labels a project as often as a person: « La start-up d'Etat Dossier Facile : OCR … »).
_INTRODUCED = re.compile(r"^[)\]]*\s*(?:,|\(|\s[–—-]\s)")
# Words after « Nom, » that go on with the sentence instead of saying who the person is
# (« de Business Angels, qui demandent … »).
_CLAUSE_WORDS = frozenset(
    "qui que qu dont ou et mais car donc puis il elle ils elles on nous vous je j se s ce c n est sont ont".split()
)
# A speech verb in the present, in the name's clause: « X, EIG Link à Etalab, présente au collectif … ».
_SPEAKING_NOW = re.compile(rf"^[^.!?\n]{{0,50}}?\b(?:{SPEAKING_VERBS})\b")
# A social-media handle right after the name.
_HANDLE_AFTER = re.compile(r"^\s*\(@\w+\)")
# « X (Étalab) l'a très bien raconté dans cette entrée de blog »: what X said or wrote in another piece, so
# X is its author, not a speaker of this one (folded, in the name's sentence).
_IN_ANOTHER_PIECE = re.compile(
    r"^[^.!?\n]{0,60}?\b(?:a|l'a|ont|l'ont|avait|l'avait)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:raconte|explique|decrit|resume|ecrit|detaille|presente|analyse|evoque|partage)e?s?\s+dans\s+"
    r"(?:ce|cet|cette|un|une|son|sa|ses|leur|leurs|l'|le|la)\s*(?:\w+\s+)?"
    r"(?:article|billet|entree|blog|post|tribune|livre|ouvrage|rapport|thread|tweet|podcast|video|interview|"
    r"newsletter|infolettre|note|chronique)"
)
# Stations and streets named after people or bodies (« ligne 7 : Corentin Cariou », « M° Jean Jaurès », folded).
PLACE_BEFORE = re.compile(r"\b(?:ligne\s+\w{1,3}|metro|mdeg|station|arret|rer\s+\w)\s*:?\s*$")
# Another name right after this one in a list (« A, B et C »), or right before it.
# A name never runs across lines (« … et Nicolas Grandjean⏎⏎AchaDef : … »).
_NAME = r"[A-ZÀ-Ý][\w’'-]+(?:[^\S\n]+(?:d[eu']\s*|de la\s+|le\s+|la\s+)?[A-ZÀ-Ý][\w’'-]+){1,3}"
# « A, B et leurs mentors C et D »: a possessive and a plural noun go on with the same list.
_JOIN = r"(?:,|\bet\b(?:\s+(?:leurs|ses|nos)\s+[a-zà-ÿ]+s)?|\band\b|&|\bou(?:\s+encore)?\b|\bor\b)"
# Inside the aside that describes a person (« Guillaume Heuguet (chercheur Sorbonne Nouvelle, … ») a name is
# where they work, not one more speaker (near its opening: a list reads longer asides whole, below).
_IN_ASIDE = re.compile(rf"{_NAME}\s*\([^()\n]{{0,80}}$")
# A list's next or previous name, past the aside that describes a person, up to a clause long
# (« Manon Chonavel (énarque, autour d'une mission sur la responsabilité et l'éthique des algorithmes) »).
_LIST_NEXT = re.compile(rf"^(?:\s*\([^()\n]{{0,120}}\))?\s*{_JOIN}\s*{_NAME}")
_LIST_PREVIOUS = re.compile(rf"{_NAME}(?:\s*\([^()\n]{{0,120}}\))?\s*{_JOIN}\s*$")


# What casts a whole list of names, anywhere earlier in its sentence (folded): « les intervenants qui ont
# contribué : A, B (C, D) », « Ont participé à ce numéro A, B et C ».
_LIST_CUE = re.compile(
    r"\b(?:intervenant(?:e)?s|speakers|orat(?:eurs|rices)|conferencier(?:e)?s|panelistes|moderat(?:eurs|rices)|"
    r"ont participe a ce numero|ont contribue a ce numero|ont redige|redige par|ecrit par|anime(?:e)?s? par|"
    r"table.ronde|panel\b|"
    r"presente(?:e)?s? par|temoignages? d[e'’]|avec la participation d[e'’]|en presence d[e'’]|interviendr|"
    r"la parole a)"
)


def _names_person(piece: str) -> bool:
    """Whether the name in a list piece may be a person's (« Ministre de la Transformation » is a role)."""
    words = [fold_word(w) for w in re.findall(r"[A-ZÀ-Ý][\w’'-]+", piece)]
    return bool(words) and words[0] not in NOT_NAMES and not any(w in ROLES or w in ORG_HEADS for w in words)


def _list_bounds(text: str, first: int, last: int) -> tuple[int, int]:
    """The start of the first name and the end of the last name of the list of names (« A (X), B et C »)
    that text[first:last] belongs to; (first, last) when it stands alone."""
    start, end = first, last
    for _ in range(30):
        m = _LIST_PREVIOUS.search(text[max(0, start - 200) : start])
        if not m or not _names_person(m.group(0)):
            break
        start = max(0, start - 200) + m.start()
    for _ in range(30):
        m = _LIST_NEXT.match(text[end : end + 220])
        if not m or not _names_person(m.group(0)):
            break
        end += m.end()
    return start, end


def list_members(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """The spans of the other names of the list of names that text[first:last] belongs to (« A (X), B et
    C », or « A, rôle, B, rôle » after it), outside the asides that describe them: the model may tag only
    some names of a long list."""
    start, end = _list_bounds(text, first, last)
    members = []
    for m in re.finditer(_NAME, text[start:end]):
        at, to = start + m.start(), start + m.end()
        inside_aside = text.count("(", start, at) > text.count(")", start, at)
        if not inside_aside and (to <= first or at >= last) and _names_person(m.group(0)):
            members.append((at, to))
    return members + _introduced_after(text, last)


# « A, adjointe à l'Ecolab, B, cheffe adjointe de département, C, conseiller à la Cour des comptes »: after a
# name given its role, the sentence's next names given theirs are the same list of people, until the
# sentence goes on with a verb or a clause (« A, directrice, a salué le ministre, B, venu … »).
_INTRODUCED_NEXT = re.compile(rf",\s+(?:et\s+)?({_NAME})(?=,\s+(?:l[ae]\s+|l['’])?[a-zà-ÿ])")
_SENTENCE_GOES_ON = re.compile(r"\b(?:a|ont|est|sont|avait|avaient|était|étaient|qui|que|qu|dont)\b")


def _introduced_after(text: str, last: int) -> list[tuple[int, int]]:
    """The names introduced with their role after text[:last], a name itself given its role, in its sentence."""
    after = text[last : last + 1000]
    if not (_INTRODUCED.match(after) and _describes(after)):
        return []
    stop = re.search(r"[.!?:;\n]", after)
    sentence = after[: stop.start() if stop else len(after)]
    found, gap_start = [], 0
    for m in _INTRODUCED_NEXT.finditer(sentence):
        if _SENTENCE_GOES_ON.search(sentence[gap_start : m.start()].lower()) or not _names_person(m.group(1)):
            break
        found.append((last + m.start(1), last + m.end(1)))
        gap_start = m.end(1)
    return found


def _describes(after: str) -> bool:
    """Whether what follows « Nom, » or « Nom ( » says who the person is: a role or an organisation, not
    the sentence going on (« , qui … ») nor a lower-case aside (« (half-time …) »)."""
    m = re.match(r"^[)\]]*\s*([,(:]|\s[–—-]\s)\s*(?:(?:l[ae]|les|un|une)\s+|l['’]\s*)?([\w’'-]+)", after)
    if not m:
        return True
    word = m.group(2)
    # An elided word is its first part: « Getaround Europe, c'est … », « X, qu'il … » go on with the sentence.
    folded = fold_word(word).strip("'").split("'")[0]
    if m.group(1) == "(":
        return word[:1].isupper() or folded in ROLES or folded.rstrip("s") in ROLES
    return folded not in _CLAUSE_WORDS


def _list_cued(text: str, first: int, reach: int) -> bool:
    """Whether the sentence before text[first] casts a list of speakers (« les intervenants : … »)."""
    sentence = text[max(0, first - reach) : first]
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("\n"), sentence.rfind("? ")) + 1 :]
    return bool(_LIST_CUE.search(fold(sentence)))


def speaks(text: str, first: int, last: int, event: bool = False, layout: bool = False) -> bool:
    """Whether the text around text[first:last] casts that person as speaking, presenting or writing: a
    programme line, a name given with its role (anywhere on an event's page, `event`; elsewhere opening a
    sentence or a line), a cue (« animé par », « explique »), or a speech verb. `layout`: the text's line
    breaks are a printed page's (a PDF's), so outside an event's programme a line that opens with a name
    is no programme line (a report's heading, a brochure's caption or epigraph).
    Never in a caption or a credit, nor as the author of another piece or a person cited."""
    line_start = text.rfind("\n", 0, first) + 1
    line_end = text.find("\n", last)
    line = fold(text[line_start : line_end if line_end >= 0 else len(text)])
    if CAPTION.search(line) and not _SPEAKING_NOW.match(fold(text[last : last + 80])):
        return False  # « Photo : X présente … » still shows X presenting
    start, end = _list_bounds(text, first, last)
    if under_people_label(text[max(0, start - 6000) : start]):
        return False  # « EIG lauréats : » then one name (or one list of names) a line: named, not speaking
    if _IN_ASIDE.search(text[max(0, first - 120) : first]):
        return False  # where the person named before works (« X (chercheur Sorbonne Nouvelle, … »)
    if PUBLISHER_BEFORE.search(fold(text[max(0, first - 80) : first])):
        return False  # the legal notice's publication director answers for the site
    if _HANDLE_AFTER.match(text[last : last + 40]):
        return False  # « — X (@handle) 12 mars 2018 »: the signature of an embedded post, quoted
    if closes_presented_item(text[max(0, first - 6000) : first], text[last : last + 200]):
        return True  # « Les défis présentés sont : » then « Maritux : … - Cécile Canel »
    # What stands before the name, or before the list it is one of (« dessinées par A, B ou encore C »).
    for at in {first, start}:
        near = fold(text[max(line_start, at - 40) : at])
        if CITED_BEFORE.search(near) or PLACE_BEFORE.search(near) or CAPACITY_BEFORE.search(near):
            return False
        if writes_a_titled_work(near):
            return False  # « l'article « … » écrit par X, designer … »: another work's author
    if (start, end) != (first, last):
        # One of a list of names: what casts the list casts each of them; a name's own « (Insee) » or
        # « , » is only the list going on (« Il s'agit de A (Insee), B (Drees) »: no one speaks).
        return _cast(text, start, end, listed=True, event=event, layout=layout)
    return _cast(text, first, last, event=event, layout=layout)


def caption_spans(text: str, captions: list[str]) -> list[tuple[int, int]]:
    """Where the paragraphs ingestion read as a picture's caption stand in a body: whole paragraphs only,
    so that a caption that is a name alone (« Cédric O ») does not cover the name's other mentions."""
    wanted = set(captions)
    spans = []
    at = 0
    for paragraph in text.split("\n\n"):
        if paragraph in wanted:
            spans.append((at, at + len(paragraph)))
        at += len(paragraph) + 2
    return spans


def pictured(text: str, first: int, last: int, captions: list[tuple[int, int]], event: bool = False) -> bool:
    """Whether text[first:last] is a name in a picture's caption that shows no one speaking (« *Nicolas
    Joron et Hélène Cavalié, une équipe soudée* » under a photo): someone shown, not a speaker. A caption
    of a speech (`shows_speech`: « Mot d'accueil de X »; outside an event's page, someone presenting) leaves
    the name to the other rules."""
    for start, end in captions:
        if start <= first and last <= end:
            return not shows_speech(text[start:end], event)
    return False


def _names_a_body(after: str) -> bool:
    """Whether « , description » after a name says the named thing is a body (« Impact AI, collectif de
    réflexion et d'action »): then it is no person, wherever it stands."""
    m = re.match(r"^\s*(?:,|\s[–—-])", after)
    return m is not None and says_a_body(after[m.end() :])


def _cast(text: str, first: int, last: int, listed: bool = False, event: bool = False, layout: bool = False) -> bool:
    if _names_a_body(text[last : last + 80]) or _IN_ANOTHER_PIECE.match(fold(text[last : last + 200])):
        return False
    near = text[max(0, first - 60) : first]
    before = fold(near)
    # Outside an event's page, a story told of the person (no speech verb in its sentence) names them.
    story = text[last : last + 400]
    narrated = not event and _NARRATED.match(story.lower()) and not speech_after(fold(story), reach=300)
    # (A table cell is no paragraph: « | X d'un hackathon » is a cell run into the text after it.)
    prose = not listed and "|" not in near and (_PROSE_AFTER.match(text[last : last + 40]) or narrated)
    if LINE_START.search(near) and not prose and (event or not layout):
        return True  # a programme line, a list item, a heading: not a paragraph that opens with a name
    if cue_before(before):
        return True
    if _CLAUSE_BY.search(before):
        return not _LINE_GOES_ON.match(text[last : last + 300])
    after = text[last : last + 80]
    if speech_after(fold(after)) or speaks_now(before, fold(text[last : last + 200])):
        return True
    aside = re.match(r"^\s*\([^()\n]{0,60}\)", after)
    tail = after[aside.end() :] if aside and listed else after
    opens = opens_introduction(text[max(0, first - 600) : first])
    next_word = fold(tail).lstrip(" ,:–—-").split(maxsplit=1)[:1]
    # Outside an event's page, a role after a comma inside a sentence describes someone talked about
    # (« Actuellement X, chercheur à l'UTC, suit la promotion »): left to the « Nom, rôle » rule below.
    in_clause = not (event or listed or opens) and bool(re.match(r"^\s*(?:,|\s[–—-]\s)", tail))
    if in_clause and speech_after(fold(text[last : last + 400]), reach=300):
        return True
    if (
        next_word
        and not in_clause
        and (next_word[0].strip(".,;:") in ROLES or next_word[0].strip(".,;:").rstrip("s") in ROLES)
    ):
        return not narrated  # « Louis Rached Responsable Innovation », « A et B, designers »
    if listed:
        return _list_cued(text, first, 800)
    # « Nom, rôle » opening a sentence or a line, or in a list of speakers with their roles, introduces a
    # speaker (« Marie X, cheffe de projet à la DINUM, … »); elsewhere in a sentence, someone the sentence
    # talks about (« … présentent leurs outils à X, data scientist à Etalab », « Plus récemment, X,
    # référent …, a proposé un guide »).
    if _INTRODUCED.match(after) and _describes(after) and (opens or _list_cued(text, first, 1500)):
        return not narrated
    # A name standing alone as a line or a sentence: a heading, a caption, a signature, a list item.
    return opens and bool(_ALONE_AFTER.match(after))
