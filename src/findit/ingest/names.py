"""What is a person's name and what is an organisation, beyond looking like one; and one display form per
person across the corpus.

Capitalised words are not enough: software ("Apache Maven", "Jena Fuseki"), rooms ("Salle D"), laws
("Loi AGEC"), greetings ("Bonjour Delphine"), role phrases ("Témoignage de Camille Monchicourt",
"Interventions de …") and press outlets look like names and are none; "Etat", "Oui", "RGPD" or a piece of
software are no organisations. Spelling variants of one person ("FROPPIER" / "Froppier", "Eric" /
"Éric", "Jean Marc" / "Jean-Marc") are one person, shown in the best-written form."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from findit.namecues import GREETINGS, SENTENCE_OPENERS, names_software
from findit.text import fold, fold_key

# First words of rooms and places, of laws and texts, of greetings and of role phrases (folded).
PLACE_WORDS = frozenset(
    "salle amphi amphitheatre auditorium batiment hall espace rue avenue boulevard place quai station metro"
    " gare campus etage niveau porte site".split()
)
LAW_WORDS = frozenset(
    "loi lois decret arrete ordonnance circulaire directive reglement code article projet proposition".split()
)
ROLE_PHRASES = frozenset(
    """
application applications appli plateforme portail outil outils logiciel site profil profils selection
laureat laureats promotion liste etape etapes
temoignage temoignages intervention interventions presentation presentations retour retours portrait
portraits entretien entretiens interview interviews rencontre rencontres avec par regard regards
mot mots discours keynote ouverture cloture conclusion introduction animation moderation table session
atelier ateliers questions pitch pitchs demo demonstration restitution
""".split()
)
MONTHS_AND_DAYS = frozenset(
    """
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre lundi mardi mercredi
jeudi vendredi samedi dimanche january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday sunday
""".split()
)
# Single words that are no organisation however they are written (folded).
NOT_ORGANISATIONS = frozenset(
    """
etat l'etat oui non merci bonjour rgpd gdpr rgaa rgs rgi dsa dma lolf cnil-rgpd ia ai api apis open data
opendata cloud faq pdf csv json xml html web internet intranet covid covid-19 france paris europe
gouvernement administration administrations ministere ministeres collectivites public prive
""".split()
)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s’'-]+", fold(text)) if w]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith(("s", "x")) else word


def not_a_person(name: str, role_words: frozenset[str] = frozenset()) -> str:
    """Why a name-looking text is no person's name ("" when nothing speaks against it)."""
    words = _words(name)
    if not words:
        return "empty"
    if re.search(r"\d", name):
        return "holds a number"
    head = words[0]
    if head in GREETINGS:
        return "a greeting"
    if head in SENTENCE_OPENERS:
        return "a sentence's first word"
    if head in ROLE_PHRASES:
        return "a role phrase"
    if head in PLACE_WORDS:
        return "a room or a place"
    if head in LAW_WORDS:
        return "a law or a text"
    if names_software(words):
        return "software"
    for word in words:
        if word in MONTHS_AND_DAYS:
            return "a date"
        if word in role_words or _singular(word) in role_words:
            return "a role or a body"
    if len(words) == 2 and len(words[1]) == 1:
        return "a letter, not a surname"  # "Salle D", "Bâtiment B"
    return ""


def is_organisation(name: str) -> bool:
    """An organisation's name, not a common word, a regulation or a piece of software."""
    key = fold_key(name)
    if not key or key in NOT_ORGANISATIONS or key in MONTHS_AND_DAYS:
        return False
    words = _words(name)
    if len(words) == 1 and names_software(words):
        return False
    return not (words and words[0] in LAW_WORDS)


def person_key(name: str) -> str:
    """What spelling variants of one name share: folded, hyphens and apostrophes as spaces."""
    return " ".join(_words(name))


def _display_score(form: str, count: int) -> tuple:
    """Written in mixed case beats all capitals ("Froppier" over "FROPPIER"), accents beat none ("Éric"
    over "Eric"), then the form used most."""
    words = form.split()
    shouting = sum(1 for w in words if len(w) > 1 and w.isupper())
    accents = sum(1 for c in form if ord(c) > 127)
    return (-shouting, accents, count, form)


def display_form(forms: Counter) -> str:
    """The form a person is shown in, among the forms the archive gives their name (form -> uses)."""
    return max(forms, key=lambda form: _display_score(form, forms[form]))


def unified_people(
    speakers: list[str], people: list[str], best: Callable[[str], str], outlet: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """A document's speakers and people named, each in their display form (`best`); an outlet of the
    archive's press items is nobody; a speaker of a document is not also merely mentioned in it."""
    speakers = _unique(best(s) for s in speakers if not outlet(s))
    keys = {person_key(s) for s in speakers}
    return speakers, _unique(best(p) for p in people if not outlet(p) and person_key(p) not in keys)


def _unique(values) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        key = person_key(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
