"""Bodies of the State written out in words rather than as a capitalised name: one written in lower case
after its head word (« au ministère de la mer », « la sous-direction des gens de mer », « l'armée de Terre »),
read up to where its complement ends, and an acronym the text gives its ministry (« la DSI des ministères
sociaux »), a whole that stands for the acronym throughout the text. orgcues.py reads them among the other
organisations a text introduces."""

from __future__ import annotations

import re

from findit.text import fold, fold_word

# A body of a ministry, after its name: « la DSI des ministères sociaux ».
OF_MINISTRY = (
    r"\s+(?:des|du)\s+minist[èe]res?\s+(?!(?:en|pour|dans|depuis|et|à|au|où)\b)"
    r"(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+)?[\w’'-]+"
)
_OF_MINISTRY_RE = re.compile(OF_MINISTRY)
_WORD_CHAR = re.compile(r"[\w-]")

# Bodies written in lower case after an article or « au sein de » (« au ministère de la mer »).
LOWER_HEAD = re.compile(
    r"(?<![\w-])(?:au|du|le|la|l['’]|aux|des)\s*(?P<org>(?:minist[èe]re|sous-direction|arm[ée]e|"
    r"acad[ée]mie(?=\s+(?:de|d['’])\s*[A-ZÀ-Ý])|"
    r"direction\s+(?:g[ée]n[ée]rale|r[ée]gionale|d[ée]partementale)|secr[ée]tariat\s+g[ée]n[ée]ral|pr[ée]fecture|"
    r"[IC](?:nspection\s+g[ée]n[ée]rale|ontr[ôo]le\s+g[ée]n[ée]ral))"
    r"\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*[\w’'-]+)"
)
_COMPLEMENT = re.compile(r"\s+(?:(?:de\s+la|de\s+l['’]|des|du|de|d['’]|et\s+de\s+la|et\s+des|et\s+du)\s*)?([\w’'-]+)")
# Words that end a lower-case body's name: the sentence goes on (folded).
STOP = frozenset(
    "en pour ou dans depuis avec a au aux qui que je il elle et le la les un une sur par ce cette son sa ses "
    "tutelle rattachement puis ainsi".split()
)
# What ministries are of (folded), for one written in lower case: « ministère de la mer ».
_DOMAINS = frozenset(
    """
mer ecologie sante interieur justice culture education economie finances agriculture armees armee defense
travail solidarites transition enseignement recherche europe affaires outre-mer sports sport logement
transports industrie numerique cohesion action fonction transformation territoires jeunesse environnement
budget emploi ville famille familles collectivites comptes developpement alimentation energie
amenagement communication cultures relations
""".split()
)


def of_a_ministry(text: str, acronym: str) -> bool:
    """Whether the text gives an acronym its ministry (« la DSI des ministères sociaux »): that whole is
    the organisation, wherever the acronym stands alone in the text, not the acronym's usual long form."""
    # The acronym's every place, then the ministry's words after it: a pattern made for each name was most of
    # a build's time spent on organisations (a compilation per name, too many names for re's cache).
    if "minist" not in text:
        return False
    start = text.find(acronym)
    while start >= 0:
        end = start + len(acronym)
        if not (start and _WORD_CHAR.match(text, start - 1)) and _OF_MINISTRY_RE.match(text, end):
            return True
        start = text.find(acronym, start + 1)
    return False


def lower_end(text: str, m: re.Match, end: int) -> int:
    """The end of a body written in lower case: its complement words up to the sentence going on; 0 when
    the complement is no name (« le ministère de tutelle », « une armée de bénévoles »)."""
    complement = re.split(r"[\s'’]+", m["org"])[-1]
    if fold_word(complement) in STOP or complement[:1].isdigit():
        return 0
    if fold(m["org"]).startswith("ministere") and fold_word(complement) not in _DOMAINS:
        return 0  # « dans le ministère de la solution développée »: no ministry's domain
    if fold(m["org"]).startswith("armee") and not complement[:1].isupper():
        return 0  # « l'armée de Terre », « l'armée de l'Air »: a capitalised complement
    for _ in range(5):
        nxt = _COMPLEMENT.match(text, end)
        if not nxt or fold_word(nxt.group(1)) in STOP or nxt.group(1)[:1].isdigit() or "\n" in nxt.group(0):
            break
        if nxt.group(0).lstrip().startswith("et") and not nxt.group(1)[:1].islower():
            break  # « l'armée de Terre et de la Brigade … »: the next body of a list
        if not nxt.group(0).strip().count(" ") and not _ADJECTIVE.search(fold_word(nxt.group(1))):
            break  # « ministère de l'intérieur scolarité »: a bare word goes on only as an adjective
        end = nxt.end()
    return end


_ADJECTIVE = re.compile(r"(?:ique|iques|ale|ales|aux|el|elle|aire|aires|ien|ienne|nal|ee|ees|es|ive|if|ain|aine)$")
