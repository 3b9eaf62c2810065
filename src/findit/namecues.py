"""What the text around a name says of the person's part in it, shared by ingestion (people read from a
page's structure) and analysis (people the model finds in running text): folded patterns."""

from __future__ import annotations

import re

from findit.text import fold

# A caption or a credit line (folded): the people it names took or stand in a picture, they do not
# speak (« Photographie par X sur Unsplash », « Crédit photo : X », « © X », « De gauche à droite : »).
# A credit mark anywhere in the line; a picture word only opening it (« le projet Photo-Ville » is prose).
CAPTION = re.compile(
    r"©|\(c\)|\bcredits? photos?\b|\b(?:unsplash|pexels|pixabay|flickr|shutterstock|getty|wikimedia)\b|"
    r"de gauche a droite|from left to right|"
    r"^[\s*_>#(\[-]*(?:photo|photos|photographie|credits?|illustration|image|visuel|legende|caption)\b"
)
# Verbs that show someone speaking now, in the present (folded): « X présente … », « X intervient ».
SPEAKING_VERBS = (
    "presente|presentent|explique|expliquent|anime|animent|temoigne|temoignent|raconte|racontent|expose|"
    "exposent|intervient|interviennent|parle|parlent|presents|explains|speaks"
)
# A picture's caption that shows people speaking (folded): a speech verb or a speech named, anywhere in it
# (« X et Y échangent sur … », « Mot d'accueil de X »): its people may be the event's speakers.
_SPEECH_IN_CAPTION = re.compile(
    rf"\b(?:{SPEAKING_VERBS}|echange|echangent|partage|partagent|discute|discutent|debat|debattent|mot|message|"
    r"discours|allocution|intervention|keynote|table.ronde|conference|talks)\b"
)
# An emphasised line that signs the piece (« *Par Jean Dupont, chef de projet* »), under a header picture
# or not: a byline, not a caption (folded).
BYLINE = re.compile(r"^\W*(?:par|by|propos recueillis|texte|auteur|autrice|ecrit|redige|interview)\b")


def shows_speech(caption: str) -> bool:
    """Whether a picture's caption shows its people speaking: then they are not merely pictured."""
    return bool(_SPEECH_IN_CAPTION.search(fold(caption)))


# The author of another piece or a person cited (folded text just before the name): « L'article de X »,
# « selon X », « d'après X », « comme X ».
# Names given as examples (« notamment X », « tels que X », « ou encore X ») are people talked about too.
CITED_BEFORE = re.compile(
    r"\b(?:article|articles|billet|livre|ouvrage|rapport|etude|these|tribune|texte|publication|papier|"
    r"roman|heros|heroine|tweet|tweets|thread|blog|article by|book by)\s+(?:de\s+|d['’]\s*|by\s+)$|"
    r"\b(?:selon|d['’]apres|cite|citee|cites|citees|comme|notamment|encore|exemple|autres|"
    r"tel que|tels que|telle que|telles que|such as|including)\s+$"
)

# The credit of a legal notice (« Directeur de la publication : X », « Publication Director », then « Ms X » on
# the next line): the person answers for the site, they neither speak nor write the page (folded text
# before the name, across lines).
PUBLISHER_BEFORE = re.compile(
    r"\b(?:(?:directeur|directrice|responsable|directeurs|directrices)\s+(?:de\s+)?(?:la\s+)?publication|"
    r"publication\s+director|director\s+of\s+(?:the\s+)?publication|editeur\s+du\s+site|hebergeur)"
    r"\W*(?:(?:mme|mr|ms|mrs|m|madame|monsieur)\.?\s+)?$"
)

# Words that open a sentence or a greeting, never a person's name, however the model tags what follows
# (« Donc CPO, data … », « Bonjour Delphine ») (folded).
SENTENCE_OPENERS = frozenset("donc mais alors puis ensuite enfin ainsi aussi car or et ou ni bref voici voila".split())
GREETINGS = frozenset(
    "bonjour bonsoir salut hello merci bravo cher chere chers cheres bienvenue coucou hi dear".split()
)

# What a named thing is, said right after its name (« X, collectif de … », « X, projet de … »): words of
# bodies and products, not of the places people work (« X, direction de … » may be someone's service).
BODY_WORDS = frozenset(
    "collectif association entreprise societe startup start-up fondation reseau cabinet syndicat federation "
    "communaute plateforme outil logiciel application projet produit".split()
)


def says_a_body(description: str) -> bool:
    """Whether the description that follows a name (« collectif de réflexion et d'action ») says the named
    thing is a body or a product: then it is no person, wherever it stands."""
    m = re.match(r"^\s*(?:(?:un|une|le|la|les)\s+|l['’]\s*)?([a-zà-ÿ][\w’'-]*)", description)
    return m is not None and fold(m.group(1)).rstrip("s") in BODY_WORDS
