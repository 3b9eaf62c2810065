"""What the text around a name says of the person's part in it, shared by ingestion (people read from a
page's structure) and analysis (people the model finds in running text): folded patterns."""

from __future__ import annotations

import re

# A caption or a credit line (folded): the people it names took or stand in a picture, they do not
# speak (« Photographie par X sur Unsplash », « Crédit photo : X », « © X », « De gauche à droite : »).
# A credit mark anywhere in the line; a picture word only opening it (« le projet Photo-Ville » is prose).
CAPTION = re.compile(
    r"©|\(c\)|\bcredits? photos?\b|\b(?:unsplash|pexels|pixabay|flickr|shutterstock|getty|wikimedia)\b|"
    r"de gauche a droite|from left to right|"
    r"^[\s*_>#(\[-]*(?:photo|photos|photographie|credits?|illustration|image|visuel|legende|caption)\b"
)
# The author of another piece or a person cited (folded text just before the name): « L'article de X »,
# « selon X », « d'après X », « comme X ».
CITED_BEFORE = re.compile(
    r"\b(?:article|articles|billet|livre|ouvrage|rapport|etude|these|tribune|texte|publication|papier|"
    r"roman|heros|heroine|article by|book by)\s+(?:de\s+|d['’]\s*|by\s+)$|"
    r"\b(?:selon|d['’]apres|cite|citee|cites|citees|comme)\s+$"
)
