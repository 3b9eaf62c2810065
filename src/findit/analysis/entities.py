"""People and organisations read from spaCy's NER spans, corrected.

The small French model makes predictable mistakes: role words tagged as people (« Cheffe »,
« Responsable Innovation »), organisations tagged as people (« Pôle Emploi »), page chrome and slugs tagged
as anything, and short sentences where it misses a person. So NER spans are kept only when they look like
what they claim to be, role words are cut off, and person-looking organisations are moved to organisations;
the names the archive states are matched apart (gazetteer.py). A person is a speaker only where the text
casts them as one (speaking.py). Spans that run across lines are no names; a span the model cut short is
read to the end of a name the archive states, one that runs into the sentence is cut.

An acronym alone is an organisation only when it is named as one (the shipped table's long form, one beside
it, « l'ENSAE »): « DSFR », « MOOC » or « SIREN » name a system, a course, a number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from findit.analysis.acronympairs import clean_display, find_acronyms, is_organisation_name
from findit.analysis.french import ELISION, WORD, name_key, tokenise
from findit.analysis.gazetteer import ORG, PERSON, Gazetteer
from findit.analysis.namewords import (
    CLAUSE_WORDS,
    KNOWN_ORGS,
    NOT_NAMES,
    ORG_FIRST_WORDS,
    ORG_HEADS,
    PARTICLES,
    ROLES,
)
from findit.analysis.speaking import LINE_START, PLACE_BEFORE, speaks
from findit.analysis.statebodies import of_a_ministry
from findit.analysis.stopwords import stop_words
from findit.namecues import names_software
from findit.text import fold, fold_word


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


# Head words that name one body alone (« Sénat », « Gouvernement »): the others need their complement.
_ONE_OF_A_KIND = frozenset({"senat", "gouvernement"})
# A name cut short ends with one of these (« MINISTÈRE DE », « Agence nationale de »), folded.
_CUT_AFTER = frozenset("de du des d la le les l et a au aux en pour sur par avec".split())


def whole_org_name(display: str) -> str | None:
    """An organisation's name as found, kept whole or None when it is none: cut at a quotation mark
    (« Etalab « Entrepreneur »); none when it ends with a word that goes on (a name cut at a line break of a
    PDF's heading), when it is a head word alone (« AGENCE », « Commissariat ») or a function word
    (« Depuis »), or a word in capitals with an accent (« INTÉRIEUR »: a word of a heading, no acronym)."""
    name = re.split(r"\s*[«»“”\"]", display, maxsplit=1)[0].strip()
    words = [fold_word(w).rstrip("'’") for w in name.split()]
    if not words or words[-1] in _CUT_AFTER:
        return None
    if len(words) == 1:
        if (words[0] in ORG_HEADS and words[0] not in _ONE_OF_A_KIND) or words[0] in stop_words():
            return None
        if name.isupper() and name != fold(name).upper():
            return None
    return name


def person_from_span(
    text: str,
    start: int,
    end: int,
    lowercase_words: set[str],
    pos_of: dict[int, str],
    event: bool = False,
    layout: bool = False,
) -> tuple[str, str] | None:
    """A PER span as (kind, display), corrected, or None when it is not a name.

    `lowercase_words`: folded words the document writes in lower case (common words, not surnames);
    `pos_of`: part of speech by word start offset; `event`: the text is an event's page; `layout`: its
    line breaks are a printed page's (speaking.speaks)."""
    start, end = whole_compounds(text, start, end)
    span = text[start:end]
    if not _capitalised(span) or any(c.isdigit() or c in "/@_=|•·\n" for c in span):
        return None
    raw = [w for w in tokenise(span) if w.kind in (WORD, ELISION)]
    # Elided particles compare without their apostrophe (« Giscard d'Estaing »).
    words = [(w.text, fold_word(w.text).rstrip("'"), start + w.start) for w in raw]
    # « Pôle Emploi » is an organisation; « Etalab Louis Rached » is a person after an organisation.
    if words and (words[0][1] in ORG_HEADS or words[0][1] in KNOWN_ORGS):
        rest = words[1:]
        while rest and (rest[0][1] in ORG_HEADS or rest[0][1] in KNOWN_ORGS):
            rest.pop(0)
        if len(rest) < 2:
            return ORG, clean_display(span)
        words = rest
    elif any(f in ORG_HEADS for _, f, _ in words):
        return ORG, clean_display(span)
    # Cut the name at the first role word (« Louis Rached Responsable Innovation »), or drop leading
    # roles (« Cheffe Cécile Le Guen »).
    while words and words[0][1] in ROLES:
        words.pop(0)
    for i, (_, f, _) in enumerate(words):
        if f in ROLES:
            words = words[:i]
            break
    words = words[: _affiliation_at(words)]
    while words and (words[-1][1] in PARTICLES or not _capitalised(words[-1][0])):
        words.pop()
    if len(words) < 2 or len(words) > 5 or not re.search(r"\s", text[words[0][2] : words[-1][2]]):
        return None  # « Jean-Baptiste » alone is a first name, not a person
    if len(words[-1][1]) < 2:
        return None  # a surname is not one letter (« Press S », a key to press)
    if 1 < len(words[0][0]) <= 3 and words[0][0].isupper():
        # A short acronym opens no person's name (« EIG Link », « SSP Hub », « DB Citius »); a surname in
        # capitals before the first name (« LUCCHESI Laure ») is longer.
        return None
    if words[0][1] in NOT_NAMES or words[-1][1] in NOT_NAMES:
        return None
    if names_software([f for _, f, _ in words]):
        return None  # « Github Copilot », « Apache Maven »: a product, not a person
    for surface, f, offset in words:
        if f in PARTICLES:
            continue
        if _capitalised(surface):
            if pos_of.get(offset, "PROPN") not in ("PROPN", "NOUN", "X", ""):
                return None
        else:
            return None
    if words[0][1] in lowercase_words or words[-1][1] in lowercase_words:
        return None  # a common word capitalised (« Défi Gobelins », « Gouvernement Ouvert »)
    first, last = words[0][2], words[-1][2] + len(words[-1][0])
    goal = _GOAL.match(text[last : last + 40])
    if goal and pos_of.get(last + goal.start(1)) == "VERB":
        return None  # « Open Chronic : faciliter l'exploitation … »: a project and its aim, not a person
    if not text[:first].strip() and not text[last:].strip():
        return None  # a whole field (a page's title: « Popular Topics »): person pages come from structure
    if not speaks(text, first, last, event, layout):
        return None  # a person the text only mentions is not a speaker
    return PERSON, clean_display(text[first:last])


# Capitalised words joined by a hyphen to the span's first or last word: the model may tag « René Duscher » in
# « Jean-René Duscher », or « Anne Martin » in « Anne Martin-Dupont-Durand ».
_JOINED_BEFORE = re.compile(r"(?<![\w\-\u2010\u2011])(?:[A-ZÀ-Ý][\w’']*[\-\u2010\u2011])+$")
_JOINED_AFTER = re.compile(r"^(?:[\-\u2010\u2011][A-ZÀ-Ý][\w’']*)+(?![\w\-\u2010\u2011])")


def whole_compounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the whole of a hyphenated first name or surname it cuts."""
    before = _JOINED_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        start -= len(before.group())
    after = _JOINED_AFTER.match(text[end : end + 40])
    if after:
        end += len(after.group())
    return start, end


# Words that open a body's own name before its head word (« Grande Ecole du numérique »), folded.
_BEFORE_HEAD = frozenset(
    "grand grande grands grandes petit petite nouveau nouvel nouvelle haut haute premier premiere".split()
)


def body_after_name(text: str, start: int, span: str, gazetteer: Gazetteer) -> str:
    """On a programme's line, the body's name a span runs into after one other word (« Enki Agence du
    Numérique de la Sécurité Civile »: a project's name, then its body's). A span inside a sentence, or whose
    first word belongs to the name (an acronym the archive or findit knows, « l'Urssaf Caisse nationale »;
    an organisation of the archive's world, « Inria Centre de Paris »; « Grande Ecole du numérique »), is
    left whole."""
    parts = span.split()
    if len(parts) < 3 or fold_word(parts[1]) not in ORG_HEADS or not parts[2][:1].islower():
        return span
    if not LINE_START.search(text[max(0, start - 60) : start]):
        return span
    first = fold_word(parts[0])
    if (
        first in ORG_FIRST_WORDS
        or first in _BEFORE_HEAD
        or first in KNOWN_ORGS
        or first in gazetteer.acronyms
        or first in _shipped_organisations()
    ):
        return span
    return " ".join(parts[1:])


def _affiliation_at(words: list[tuple[str, str, int]]) -> int:
    """Where a name runs into its affiliation (« Olivier Desbey du LINC », « Anne Martin de la DINUM »): a
    particle after the first two words, then an acronym; a surname's particle is followed by a word in lower
    case after its capital (« Charles de Gaulle », « Théo Alves da Costa »)."""
    for i in range(2, len(words) - 1):
        if words[i][1] not in ("du", "des", "de", "d"):
            continue
        j = i + 2 if words[i + 1][1] in ("la", "l") and i + 2 < len(words) else i + 1  # « de la DINUM »
        surface = words[j][0]
        if len(surface) >= 2 and surface.isalpha() and surface.isupper():
            return i
    return len(words)


# « Name : verb … » states a thing's aim (an infinitive after the colon), never a person's line.
_GOAL = re.compile(r"^\s*:\s*([a-zà-ÿ][\w’'-]*(?:er|ir|re))\b")


def org_from_span(text: str, start: int, end: int, gazetteer: Gazetteer) -> str | None:
    """An ORG span, kept only when it looks like an organisation; its canonical display."""
    if "\n" in text[start:end]:
        return None  # two list items or lines run together (« INSEE\n\nCour de Cassation »)
    if PLACE_BEFORE.search(fold(text[max(0, start - 30) : start])):
        return None  # a station (« Ligne 8 : École militaire »), not the body it is named after
    end = _continued(text, start, end, gazetteer)
    span = clean_display(text[start:end])
    if not span or any(c.isdigit() or c in "/@_=|•·" for c in span) or not _capitalised(span):
        return None
    cut = next((i for i, w in enumerate(span.split()) if i and fold_word(w) in CLAUSE_WORDS), None)
    span = " ".join(span.split()[:cut])
    span = body_after_name(text, start, span, gazetteer)
    key = name_key(span)
    words = key.split()
    if len(words) == 1 and of_a_ministry(text, span):
        return None  # « la DSI des ministères sociaux »: the whole name comes from orgcues
    if key in gazetteer.orgs or (key in gazetteer.acronyms and key not in gazetteer.groups):
        return gazetteer.org_display(span)
    if key in gazetteer.groups:
        return None
    if not words or len(words) > 10:
        return None
    if len(words) == 1:
        # A lone word is kept only as an acronym long enough not to be a common abbreviation (CDD, DSI),
        # and named as an organisation is (« DSFR », « MOOC », « SIREN » name a system, a course, a number).
        if not (span.isupper() and len(span) >= 4):
            return None
        return span if _named_as_organisation(text, start, span) else None
    if any(w in ORG_HEADS for w in words):
        return gazetteer.org_display(span)
    return None


# How a name the model cut goes on: « Direction de la Recherche, des Études[, de l'Évaluation et des
# Statistiques] », « Ministère de l'Action[ et des Comptes publics] ».
_CONTINUATION = re.compile(
    r"^(?:\s*,\s*|\s+et\s+|\s+)(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+|d['’]\s*|aux?\s+)[A-ZÀ-Ý][\w’'-]+"
    r"(?:\s+[a-zà-ÿ][\w’'-]+)?"
)


def _continued(text: str, start: int, end: int, gazetteer: Gazetteer) -> int:
    """The end of the organisation name a span starts, when the model cut it short: the longest
    continuation whose whole is a name the archive states."""
    best, probe = end, end
    for _ in range(6):
        m = _CONTINUATION.match(text[probe : probe + 120])
        if not m or "\n" in m.group(0):
            break
        probe += m.end()
        for cut in (probe, probe - len(m.group(0)) + len(m.group(0).rsplit(maxsplit=1)[0])):
            key = name_key(text[start:cut])
            if key in gazetteer.orgs:
                best = max(best, cut)
    return best


# Just before an acronym (folded): what names an organisation (« l'ENSAE », « la DREES », « la division
# MAEE »); quotes and code marks around it are skipped.
_ORG_BEFORE = re.compile(
    r"(?:\bl['’]|\bla\s|\b(?:division|direction|service|departement|pole|bureau|mission|agence|institut|"
    r"ecole|equipes?|cellule|sous-direction)\s)[\s«\"`']*$"
)


def _named_as_organisation(text: str, start: int, acronym: str) -> bool:
    """Whether a lone acronym is named as an organisation: the shipped table writes it out as one, the
    text gives it an organisation's long form (« l'INAO (Institut national de l'origine …) »), or an
    article or a body's name comes before it (« l'ENSAE », « la division MAEE »), or it labels a line."""
    key = fold(acronym)
    if key in _shipped_organisations():
        return True
    if key in _shipped_others():
        return False  # « SIREN », « RGPD »: the table writes them out as a number, a rule
    for m in re.finditer(rf"(?<!\w){re.escape(acronym)}\s*\(([^()\n]{{5,120}})\)", text):
        if is_organisation_name(m.group(1)):
            return True
    for m in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        before = text[max(0, m.start() - 160) : m.end()]
        if any(is_organisation_name(long) for a, long in find_acronyms(before) if fold(a) == key):
            return True
    if _LABEL.match(text[start + len(acronym) : start + len(acronym) + 3]) and LINE_START.search(
        text[max(0, start - 60) : start]
    ):
        return True  # a line « PEREN : fournir des données … », among « Ministère des Armées : … » ones
    return bool(_ORG_BEFORE.search(fold(text[max(0, start - 30) : start])))


_LABEL = re.compile(r"^\s?:")


@lru_cache(maxsize=1)
def _shipped_others() -> frozenset[str]:
    """Folded acronyms that the shipped table writes out as something other than an organisation."""
    from findit.analysis.acronyms import common_acronyms  # acronyms imports this module

    return frozenset(common_acronyms().entries) - _shipped_organisations()


@lru_cache(maxsize=1)
def _shipped_organisations() -> frozenset[str]:
    """Folded acronyms that the shipped table writes out as organisations (« Agence … », « Direction … »)."""
    from findit.analysis.acronyms import common_acronyms  # acronyms imports this module

    table = common_acronyms()
    return frozenset(k for k, e in table.entries.items() if any(is_organisation_name(f) for f in e.long_forms))
