"""The words behind the corrections of named entities (folded): roles and titles, head words of
organisations, particles of people's names, and words that never open or close a name."""

from __future__ import annotations

from findit.namecues import GREETINGS, SENTENCE_OPENERS

# Words that name a role or a title, never a person (folded).
ROLES = frozenset(
    """
chef cheffe directeur directrice responsable president presidente ministre secretaire delegue deleguee
conseiller conseillere charge chargee adjoint adjointe professeur professeure docteur madame monsieur mme
mlle m dr pr maire depute deputee senateur senatrice premier premiere designer developpeur developpeuse
chercheur chercheuse doctorant doctorante head manager fondateur fondatrice cofondateur cofondatrice
coordinateur coordinatrice administrateur administratrice ingenieur ingenieure agent agente consultant
consultante expert experte mentor coach intervenant intervenante animateur animatrice moderateur
moderatrice temoin invite invitee redacteur redactrice journaliste stagiaire enarque general generale
commissaire prefet prefete officer lead ceo cto cdo chief director
""".split()
)

# Head words of organisation names (folded): a "person" containing one is an organisation.
ORG_HEADS = frozenset(
    """
direction ministere agence commission universite ecole institut banque assemblee conseil cour caisse pole
mission centre fondation association observatoire commissariat secretariat prefecture mairie ville region
departement delegation autorite office laboratoire lab senat gouvernement entreprise societe groupe
syndicat federation union collectif reseau cabinet
""".split()
)
# First words of organisation names written out (folded, singular): only such long forms make an
# acronym an organisation (« Intelligence artificielle (IA) » or « Ressources humaines (RH) » are not), and
# a name that opens with one may go on in lower case. NOT_BODY_HEADS, below, takes some back as bodies.
ORG_FIRST_WORDS = ORG_HEADS | frozenset(
    """
haute haut autorite etablissement inspection conservatoire musee bibliotheque archive groupement
juridiction tribunal parlement gendarmerie police hopital service plateforme programme
""".split()
)

# First words of names that go on in lower case like a body's but name no body: a programme (« Programme
# d'investissements d'avenir (PIA) », « le Programme d'… ») is no organisation.
NOT_BODY_HEADS = frozenset({"programme"})


def heads_no_body(first_word: str) -> bool:
    """Whether a name's folded first word, singular or plural, makes it no body (NOT_BODY_HEADS)."""
    return first_word.rstrip("sx") in NOT_BODY_HEADS


# Organisations of this archive's world whose one-word names the model tags as people.
KNOWN_ORGS = frozenset("etalab dinum cnil insee inria cnrs ditp".split())

# Lower-case words allowed inside a person's name.
PARTICLES = frozenset("de du des d la le van von der den da di dos del ben el al y".split())
# Words that never start or end a person's name, whatever the model says (folded).
NOT_NAMES = (
    frozenset(
        """
lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout
septembre octobre novembre decembre le la les un une des mes ses nos vos leurs ce cette ces
""".split()
    )
    | SENTENCE_OPENERS
    | GREETINGS
)
# Words that go on with a sentence, never inside an organisation's name (folded): an organisation span
# holding one ran into the sentence (« Ministère combien les statisticiens publics »).
CLAUSE_WORDS = frozenset(
    "combien comme qui que qu dont est sont ont mais donc car il elle ils elles nous vous on".split()
)
