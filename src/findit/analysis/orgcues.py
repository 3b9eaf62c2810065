"""Organisations the text names by the way it introduces them, whatever the model tagged them (a place,
something else, or nothing): where a person works, worked or studied (« j'ai rejoint MyTraffic »,
« travaillé pendant 8 ans pour Saint-Gobain », « diplômée en science politique de l'Université Paris 1 »),
titles or companies listed as such (« plusieurs titres tels que Le Monde, L'Équipe et Le Figaro »), an
apposition (« DataScientest, un organisme spécialisé »), a body written in lower case (« au ministère de la
mer », « la sous-direction des gens de mer », « l'armée de Terre »), a regional office (« la DREAL
Auvergne-Rhône-Alpes »), a line a body labels (« Haute Autorité de la Santé : rapports … ») and the other
items of a list of bodies (« Ministère de l'Intérieur, Santé publique France, Ministère de … »). Where a body
written in lower case ends, and an acronym given its ministry, are statebodies.py's."""

from __future__ import annotations

import re
from collections.abc import Callable

from findit.analysis.acronympairs import is_organisation_name
from findit.analysis.namewords import NOT_NAMES, ORG_FIRST_WORDS, ORG_HEADS, ROLES, heads_no_body
from findit.analysis.statebodies import LOWER_HEAD, OF_MINISTRY, STOP, lower_end, of_a_ministry
from findit.namecues import SENTENCE_OPENERS
from findit.text import fold, fold_word

_UP = "A-ZÀ-ÖØ-Ý"
# A capitalised word of a name (« Saint-Gobain », « L’Équipe », « CANAL+ »), joined to the next by linking
# words; a short number may end it (« Université Paris 1 »). « et » joins items of a list, not words.
_WORD = rf"[{_UP}][\w&+-]*(?:[’'][\w-]+)?"
_LINK = r"(?:\s+(?:de\s+la|de|du|des|la|le|les|&)\s+|\s+(?:d|l|de\s+l)['’]\s*|\s+)"
# At most 12 linked words (a longer run is no name, and an unbounded one backtracks quadratically over a
# long capitalised list: 27 s on a 49 KB annex of names).
_RUN = rf"{_WORD}(?:{_LINK}{_WORD}){{0,12}}(?:\s\d{{1,2}}\b)?"
# The ministry a name may be given: « la DSI des ministères sociaux ».
_MINISTRY = rf"(?:{OF_MINISTRY})?"
_ARTICLE = r"(?:(?:la|le|les)\s+|l['’]\s*)?"
_MARK = r"[`*_«\"\s]*"

# Where someone works, worked, studied, or what they created (case-insensitive), before the name.
_WORKS = (
    r"rejoint|rejoindre|rejoins|int[ée]gr[ée]|int[èe]gre|chez|au\s+sein\s+d(?:u|es|e)|aupr[èe]s\s+d(?:u|es|e)|"
    r"(?:travaill\w*|stages?|postes?|carri[èe]re|alternance|exp[ée]rience)(?:\s+[\w’'-]+){0,4}?\s+(?:pour|chez)|"
    r"(?P<degree>(?:dipl[ôo]m[ée]e?s?|master|licence|doctorat|th[èe]se|mba|dipl[ôo]me)"
    r"(?:\s+[\w’'-]+){0,5}?\s+(?:de|du|d['’]))|"
    r"la\s+marque|l['’]entreprise|la\s+soci[ée]t[ée]|la\s+start-?up|le\s+cabinet|le\s+journal|le\s+quotidien"
)
# What a body is, written in lower case before its name (« l'association Latitudes »); in capitals the
# word is the name's own first word (« l'Agence nationale de la recherche »).
_NAMED_AS = (
    r"[Ll]['’]association|[Ll]['’]agence|[Ll]['’]incubateur|[Ll]a\s+fondation|[Ll]a\s+mutuelle|[Ll]a\s+coop[ée]rative"
)
_CUED = re.compile(
    rf"(?<![\w-])(?:(?i:{_WORKS})|{_NAMED_AS})\s*(?P<article>{_ARTICLE}){_MARK}(?P<org>{_RUN}{_MINISTRY})"
)
# Where one studied opens with a school's head word or is an acronym (« l'École Polytechnique », « HEC »),
# not a subject (« Master de Statistique », « diplômée du Master Design … »).
_SCHOOL_HEADS = frozenset("ecole universite institut lycee college academie conservatoire laboratoire".split())
# Titles, companies, bodies listed as such: « plusieurs titres tels que A, B et C », « Administrations
# participantes : A, B, C ».
_LIST_CUE = re.compile(
    r"(?i:\b(?:titres|journaux|m[ée]dias|entreprises|soci[ée]t[ée]s|clients|groupes|start-?ups|administrations|"
    r"institutions|organisations|organismes|partenaires|universit[ée]s|[ée]coles|laboratoires|cabinets|marques)"
    r"\b[^.:;\n]{0,30}?(?:\btel(?:le)?s?\s+que|\bcomme|:))\s*"
)
# Who organises, co-organises or supports an event: « organisé conjointement par l'INSEE et le Lab IA
# d'Etalab », « en partenariat avec l'Inria, Sciences Po et le Conseil National du Numérique ».
_ORGANISERS = re.compile(
    r"(?i:\b(?:co-?)?organis[ée]e?s?\s+(?:conjointement\s+|en\s+commun\s+)?par|\ben\s+partenariat\s+avec|"
    r"\bco-?organise(?:nt)?,?\s+avec|\bavec\s+le\s+soutien\s+d(?:u|es|e\s+la|e\s+l['’]|e)|\bsoutenue?s?\s+par)\s*"
)
_ITEM_SEP = re.compile(r"\s*,\s*|\s+et\s+|\s+and\s+")
# « X, un organisme spécialisé … »: an apposition says what X is.
_APPOSED = re.compile(
    rf"{_MARK}(?<![\w’'-])(?P<org>{_RUN})[`*_»\"]*,\s+(?:un|une|l['’]|le|la)\s*(?i:organisme|entreprise|soci[ée]t[ée]|"
    r"start-?up|association|cabinet|agence|[ée]cole|institut|laboratoire|[ée]diteur|fondation|organisation|"
    r"collectif|m[ée]dia|journal|quotidien)\b"
)
# Words after a one-word name that leave the name whole: the sentence goes on (folded).
_GOES_ON = STOP | frozenset(
    "de d du des comme entre pendant jusqu afin dont avant apres lors durant mais car ou puis vers chez".split()
)
# A regional or departmental office: « la DREAL Auvergne-Rhône-Alpes », « la DRIEE Ile de France ».
_REGIONAL = re.compile(
    rf"(?<![\w-])(?:la|le|l['’]|à\s+la|au)\s*(?P<org>(?:D[RD][A-Z]{{1,6}}|DIRECCTE|DIRM|ARS)\s+[{_UP}][\w-]+"
    rf"(?:\s+(?:de|d['’]|du)\s*[{_UP}][\w-]+)?)"
)
# A mixed-case acronym given with an organisation's long form: « Le PEReN (Pôle d’expertise de la
# régulation numérique) » (an acronym in capitals is learnt with its pair, acronympairs.py).
_MIXED_ACRONYM = re.compile(rf"(?<![\w-])(?P<org>[{_UP}][\w]{{1,9}})\s*\((?P<long>[^()\n]{{5,120}})\)")
# A line a body labels: « Haute Autorité de la Santé: rapports … ».
_LABEL_LINE = re.compile(rf"(?m)^[\s•*>#-]*(?P<org>[{_UP}][\w’'-]*(?:\s+[\w’'-]+){{1,7}}?)\s*:")


def cued_organisations(text: str, is_person: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, display) of every organisation the text introduces as one; `is_person` says whether a
    name is a person's the archive knows (never an organisation)."""
    found: list[tuple[int, int, str]] = []

    def add(start: int, end: int, display: str, strict: bool = False) -> None:
        trimmed = display.strip(" ,;:.'’`*_")
        start += display.find(trimmed)
        span = (start, min(end, start + len(trimmed)), trimmed)
        if span not in found and _acceptable(trimmed, is_person, strict):  # two cues may find one name
            found.append(span)

    for m in _CUED.finditer(text):
        if m["article"].strip().lower() == "les":
            continue  # « je rejoins les EIG »: a group of people
        first = m["org"].split()[0]
        after = text[m.end("org") : m.end("org") + 30].split()[:1]
        if first == m["org"] and not first.isupper() and after and after[0][:1].islower():
            if fold_word(after[0].strip(",.;:")) not in _GOES_ON:
                continue  # « au sein de l'Opérateur national de paye »: a name cut short
        if m["degree"] and not (
            fold_word(first) in _SCHOOL_HEADS | ORG_HEADS or first.isupper() or _two_names(m["org"])
        ):
            continue
        add(m.start("org"), m.end("org"), m["org"], strict=True)
    for m in _APPOSED.finditer(text):
        # « Olivier Desbey du LINC, le laboratoire … »: the body a person belongs to is what is apposed.
        of = re.match(r"(?P<person>.+?)\s+(?:du|des|de\s+la|de\s+l['’]|de)\s*(?P<body>[^\s].*)$", m["org"])
        if of and _PERSON_SHAPE.match(of["person"]):
            add(m.start("org") + of.start("body"), m.end("org"), of["body"], strict=True)
        else:
            add(m.start("org"), m.end("org"), m["org"], strict=True)
    for m in _LIST_CUE.finditer(text):
        _list_items(text, m.end(), add, cued=True)
    for m in _ORGANISERS.finditer(text):
        _organisers(text, m.end(), add)
    for m in LOWER_HEAD.finditer(text):
        end = lower_end(text, m, m.end("org"))
        if end:
            add(m.start("org"), end, text[m.start("org") : end])
    for m in _MIXED_ACRONYM.finditer(text):
        acronym = m["org"]
        capitals = sum(c.isupper() for c in acronym)
        # Its long form starts with its first letter (« OptiFlex (ministère des Armées) » is a project's).
        spelt = fold(acronym)[:1] == fold(m["long"].lstrip())[:1]
        if 2 <= capitals < len(acronym) and spelt and is_organisation_name(m["long"]):
            add(m.start("org"), m.end("org"), acronym)
    for m in _REGIONAL.finditer(text):
        add(m.start("org"), m.end("org"), m["org"])
    for m in _LABEL_LINE.finditer(text):
        words = [fold_word(w) for w in m["org"].split()]
        capitals = [w for w in m["org"].split()[1:] if w[:1].isupper()]
        if (words[0] in ORG_HEADS or words[:2] in (["haute", "autorite"], ["haut", "conseil"])) and capitals:
            add(m.start("org"), m.end("org"), m["org"])
    for m in re.finditer(r"(?m)(?:^|:\s*)(?=[" + _UP + "])", text):
        _list_items(text, m.end(), add, cued=False)
    return found


def with_cued(
    found: list[tuple[int, int, str, str]], text: str, is_person: Callable[[str], bool], display: Callable[[str], str]
) -> list[tuple[int, int, str, str]]:
    """The names a gazetteer found in a text (start, end, kind, display) with the organisations the text
    introduces: a known name inside a longer one the text introduces is part of it (« la DSI des ministères
    sociaux »), as is an acronym the text gives its ministry, wherever it stands."""
    cued = cued_organisations(text, is_person)
    found = [
        f
        for f in found
        if not any(s <= f[0] and f[1] <= e and e - s > f[1] - f[0] for s, e, _ in cued)
        and not of_a_ministry(text, text[f[0] : f[1]])
    ]
    known = {start for start, *_ in found}
    return found + [(s, e, "org", display(d)) for s, e, d in cued if s not in known]  # gazetteer.ORG


def _two_names(run: str) -> bool:
    """« Sciences Po », « Ecole Centrale Paris »: capitalised words only, at least two."""
    words = run.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _list_items(text: str, start: int, add: Callable[..., None], cued: bool) -> None:
    """The items of « A, B et C » at `start`: organisations when the list is cast as one of bodies, or when
    one of its items is named as a body (« Ministère de l'Intérieur, Santé publique France »)."""
    stop = re.search(r"[.;:\n(]|$", text[start : start + 300])
    chunk = text[start : start + (stop.start() if stop else 300)]
    items, offset = [], start
    for piece in _ITEM_SEP.split(chunk):
        at = text.find(piece, offset)
        items.append((at, piece))
        offset = at + len(piece)
    if len(items) < 2 or any(not p[:1].isupper() or len(p.split()) > 6 or re.search(r"\s[–—-]\s", p) for _, p in items):
        return
    if not cued and not any(fold_word(p.split()[0]) in ORG_FIRST_WORDS for _, p in items):
        return
    if not cued and not all(
        fold_word(p.split()[0]) in ORG_FIRST_WORDS or p == p.split()[0] or _has_lower(p) for _, p in items
    ):
        return  # « Ministère des Armées, Marie Dupont »: a list mixing people and bodies says nothing
    for at, piece in items:
        add(at, at + len(piece), piece, strict=not cued)


_OPENING = re.compile(r"^(?:(?:la|le|les)\s+|l['’]\s*)")


def _organisers(text: str, start: int, add: Callable[..., None]) -> None:
    """The capitalised items of a list of organisers (« l'Inria, Sciences Po et le Conseil … »); names
    shaped like a person's only beside a body written as one (an article, a head word, an acronym)."""
    stop = re.search(r"[.;:\n()]|$", text[start : start + 300])
    chunk = text[start : start + (stop.start() if stop else 300)]
    if len(_ITEM_SEP.split(chunk)) > 1 and _one_name(chunk, text[start + len(chunk) :]):
        # « le Bureau des Études, de la Prospective et des Statistiques (BEPS) »: one name, not a list
        opening = _OPENING.match(chunk)
        at = opening.end() if opening else 0
        add(start + at, start + len(chunk), chunk[at:], strict=True)
        return
    items, offset = [], start
    for piece in _ITEM_SEP.split(chunk):
        at = text.find(piece, offset)
        offset = at + len(piece)
        opening = _OPENING.match(piece)
        if opening:
            at, piece = at + opening.end(), piece[opening.end() :]
        # « le Lab IA d'Etalab permettant de … »: the name only, unless it is a bare head word whose name
        # goes on in lower case (« le Conseil national du numérique »).
        name = re.match(_RUN, piece)
        if name and fold_word(name.group(0)) not in ORG_FIRST_WORDS:
            piece = name.group(0)
        items.append((at, piece, bool(opening)))
    items = [(at, p, article) for at, p, article in items if p[:1].isupper() and len(p.split()) <= 6]
    bodies = any(
        article or fold_word(p.split()[0]) in ORG_FIRST_WORDS or p.split()[0].isupper() for _, p, article in items
    )
    for at, piece, _ in items:
        add(at, at + len(piece), piece, strict=not bodies)


_ACRONYM_NEXT = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{1,11})\s*\)")


def _one_name(chunk: str, after: str) -> bool:
    """Whether what looks like a list is one name, spelt by the acronym that follows it: the initials of
    its capitalised words are the acronym's letters (« Données, Algorithmes et Codes » in AMDAC's name;
    « l'Inria, Sciences Po et le Conseil national du numérique (CNNum) » is a list)."""
    acronym = _ACRONYM_NEXT.match(after)
    if acronym is None:
        return False
    # Words of two letters or more: the elided article of « L'Inria » gives no letter.
    initials = "".join(w[0] for w in re.findall(r"\w{2,}", chunk) if w[:1].isupper())
    return len(initials) > 2 and fold(initials) == fold(acronym.group(1))


def _has_lower(piece: str) -> bool:
    return any(w[:1].islower() for w in piece.split()[1:])


_PERSON_SHAPE = re.compile(rf"^[{_UP}][a-zà-ÿ]+(?:-[{_UP}][a-zà-ÿ]+)?\s+(?:(?:de|du|le|la)\s+)?[{_UP}][\w-]+$")
# Names that are places or the State, no organisation of a text (folded).
_NOT_BODIES = frozenset(
    "etat l'etat france paris europe lyon marseille bruxelles londres internet web covid covid-19".split()
)


# Capitalised at the head of a sentence, never a body: « Demain, la société… », « Selon Jean Martin, le
# laboratoire… », « Bienvenue chez Vous » (folded).
_SENTENCE_WORDS = SENTENCE_OPENERS | frozenset(
    "demain hier aujourd aujourdhui selon desormais pourtant toutefois cependant bienvenue vous nous moi toi lui "
    "eux elles ils elle il je tu on".split()
)


def _acceptable(display: str, is_person: Callable[[str], bool], strict: bool) -> bool:
    """Whether a cued name may be an organisation: not a person, a place, a date or a role."""
    if not display or "\n" in display or len(display) > 90:
        return False
    words = [fold_word(w).strip("'’") for w in re.split(r"[\s]+", display) if w]
    head = re.split(r"['’]", words[0])[0] if words else ""  # « Aujourd'hui » → aujourd
    key = fold(display)
    first = words[1] if words[0] in ("le", "la", "les", "l") and len(words) > 1 else words[0]
    if key in _NOT_BODIES or first in NOT_NAMES or first in ROLES or head in _SENTENCE_WORDS or is_person(display):
        return False
    if len(display) < 3 or (len(words) == 1 and words[0] in ORG_FIRST_WORDS):
        return False  # a bare head word (« Conseil ») is a name cut short
    if heads_no_body(first):
        return False  # « soutenu par le Programme d'investissements d'avenir »: a programme
    if strict and _PERSON_SHAPE.match(display) and not any(w in ORG_HEADS for w in words):
        # « Marie Dupont » after « chez » is a person; titles (« Le Monde », « Mind Media ») are not
        # person-shaped only when an article opens them, so a list cue is needed for those.
        return words[0] in ("le", "la", "les")
    return True
