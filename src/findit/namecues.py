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


_PRESENTING_IN_CAPTION = re.compile(
    rf"\b(?:{SPEAKING_VERBS}|mot|message|discours|allocution|intervention|keynote|conference)\b|"
    # One person with a group (« X échange avec les EIG autour de l'histoire de la Cour »): addressing it.
    r"\bechange avec les\b"
)


def shows_speech(caption: str, event: bool) -> bool:
    """Whether a picture's caption shows its people speaking: then they are not merely pictured. On an
    event's page any speech counts; elsewhere the caption shows a moment the piece tells of, and only
    someone presenting or addressing an audience (« X présente au collectif … », « Petit message de X », « X
    échange avec les EIG ») speaks, not people talking together (« X et Y échangent sur … », « partagent
    leurs méthodes »)."""
    folded = fold(caption)
    return bool((_SPEECH_IN_CAPTION if event else _PRESENTING_IN_CAPTION).search(folded))


# A capacity, not a person (folded text just before the words): « en tant que Product Marketing Manager »,
# « en qualité de Chief Data Officer », « au poste de Head of Product ».
CAPACITY_BEFORE = re.compile(r"\b(?:en tant qu(?:e|')|en qualite d(?:e|')|au poste d(?:e|')|as an?)\s*$")

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

# Where a sentence, a clause after a colon, or a line (after its list marks) begins, in the text just before a
# name: a name given with its role there introduces someone (« Marie X, cheffe de projet, … »); inside a
# sentence, someone the sentence talks about.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)[\s>*•·#|–—-]*$")
# A sentence that opens with a name and its role (« Hélène Bégon, adjointe à l'Ecolab, Alexandra Grout,
# cheffe …, et X, directrice … »): the names after it, each with its role, are the same list of people.
_OPENS_WITH_INTRODUCED = re.compile(r"^[\s>*•·#|–—-]*[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){1,3}\s*,\s+[a-zà-ÿ]")


def opens_introduction(before: str) -> bool:
    """Whether a name given its role after `before` (the text up to it) introduces someone: it opens a
    sentence, a clause after a colon or a line, or the sentence opens with a person introduced with a role
    and this name, with its own role, is one more of that list."""
    if _SENTENCE_START.search(before[-60:]):
        return True
    before = before[-600:]
    start = max(before.rfind(". "), before.rfind("! "), before.rfind("? "), before.rfind(": "), before.rfind("\n"))
    return bool(_OPENS_WITH_INTRODUCED.match(before[start + 1 :]))


# « par X » casts a speaker or a writer after a talk, a piece or their verb (« une présentation par X »,
# « animé par X », « l'open data vu par X »), or opening a line (« Par X »); after any other word it names
# the agent of a thing (« le lancement de Wikipédia par X », « Awesome Polars par X »).
_TALKS = (
    r"presentations?|interventions?|conferences?|keynotes?|talks?|ateliers?|"
    r"sessions?|table ronde|webinaires?|webinars?|demos?|demonstrations?|experiences?|introductions?|ouvertures?|"
    r"clotures?|conclusions?|discours|exposes?|cours|courses?|lectures?|workshops?|formations?|masterclass|"
    r"episodes?|podcasts?|videos?|articles?|billets?|tribunes?|editos?|chroniques?|posts?|interviews?|entretiens?|"
    r"temoignages?|regards?"
)
_BY = (
    rf"(?:(?:^|[\n.!?:;(–—\"»”-])\s*|\b(?:{_TALKS})\b[^,.;:!?\n]{{0,50}}\s|"
    r"\b(?:anime|coanime|co-anime|presente|modere|enseigne|dispense|introduit|conclu|ouvert|cloture|donne|assure|"
    r"mene|porte|partage|raconte|explique|commente|decrypte|vu|recueilli|interviewe|hosted|presented|given|"
    r"written|moderated|led)(?:e|es|s)?\s+)(?:par|by)"
)
# A talk made by someone, whatever the verb, the talk its subject (« la démonstration a été réalisée par X »).
_TALK_BY = re.compile(rf"\b(?:{_TALKS})(?:\s+[\w'’-]+){{1,3}}\s+(?:par|by)\s*$")

# What casts a name in running text as someone who speaks, presents or writes (folded text around it).
_CUE_BEFORE = re.compile(
    rf"(?:{_BY}|intervenant(?:e)?s?|speakers?|moderat(?:eur|rice)|temoignages? d[e']|interview d[e']|"
    r"entretien avec|rencontre avec|(?:^|[.!?:]\s|\n\s*)avec|"
    # « un autre article, avec X », « un atelier avec X »: whom a talk or a piece gives the floor.
    rf"\b(?:{_TALKS})\b(?:[^,.;:!?\n]{{0,50}}\s|,\s*)avec|"
    r"(?:mot|message|discours|allocution|intervention|keynote)s?(?: d'accueil| d'ouverture| de cloture| de bienvenue)? d[e']|"
    # « une table ronde qu'a animée X », « nous recevons X », « le réseau recevra le 29 mars X »: a guest.
    r"qu'(?:a|ont|avait)\s+(?:anime|presente|modere|introduit)e?s?|"
    r"\b(?:recevons|recevra|recevrons|recevront|accueillons|accueillera|accueillerons|accueilleront)\b[^,.;:!?\n]{0,40}|"
    r"\b(?:avons|avez|a|ont)\s+(?:recu|accueilli)e?s?|"
    r"interviendr(?:a|ont)|intervien(?:t|nent)|avec la participation d[e']|en presence d[e']|"
    # A newsletter's credits: who wrote this issue (« Ont participé à ce premier numéro : »).
    r"ont (?:participe|contribue|collabore) a (?:ce|cet|cette)(?: \w+)? (?:numero|lettre|edition|dossier)|"
    r"(?:atteste|explique|souligne|raconte|precise|ajoute|confie|temoigne|"
    r"rappelle|indique|detaille|presente)(?:-t-(?:il|elle))?)\s*:?\s*$"
)
# « créé par », « fondé par », « nommé par »: the author of a thing or an act, not someone who speaks.
# A work credited to someone (« une infographie … par X ») names its author, not a speaker either.
_AGENT_ONLY = re.compile(
    r"\b(?:(?:cree|fonde|developpe|concu|invente|lance|initie|finance|nomme|signe|dirige|publie|edite|"
    r"decide|adopte|vote|propose|ecrit|redige|dessine|realise|illustre|photographie|construit|imagine)e?s?|"
    r"(?:infographie|graphique|carte|illustration|dessin|notebook|tutoriel|package|librairie|bibliotheque|"
    r"logiciel|outil|guide|livre|ouvrage)s?|"
    r"created|founded|launched|developed|designed|invented|built|funded|appointed|signed|published|edited|"
    r"proposed|introduced|maintained)\b[^,.;:]{0,40}\b(?:par|by)\s*$"
)


def names_an_agent(before: str) -> bool:
    """Whether the folded text just before a name makes the person the agent of a thing (« créé par »), not
    of a talk or of a piece (« l'atelier animé par », « article écrit par »)."""
    return bool(_AGENT_ONLY.search(before)) and not _TALK_BY.search(before)


# « l'article « Comment faire … ? » écrit par X »: a work named by its title, then its author (folded text
# before the name: quotes folded to " or << >>); this piece's own writer comes without a title before.
_TITLED_WORK_BY = re.compile(
    r"(?:\"|>>)\s*,?\s*(?:ecrit|redige|realise|publie|signe|dessine|illustre|concu|cree|traduit)e?s?\s+(?:par|by)\s*$"
)


def writes_a_titled_work(before: str) -> bool:
    """Whether the folded text just before a name gives the person as the author of a work quoted by title."""
    return bool(_TITLED_WORK_BY.search(before))


def cue_before(before: str) -> bool:
    """Whether the folded text just before a name casts the person as speaking, presenting or writing
    (« animé par », « la parole à », « explique : »), not as the agent of a thing (« créé par »)."""
    if not _CUE_BEFORE.search(before):
        return False
    return not names_an_agent(before)


_SPEECH_VERB = (
    r"\b(?:a|ont|va|vont|viendra|viendront|est venue?|sont venue?s)\s+(?:nous\s+)?"
    r"(?:presente|presenter|explique|expliquer|temoigne|temoigner|anime|animer|parle|parler|partage|partager|"
    r"expose|exposer|raconte|raconter|intervenir|atteste|souligne|echange)"
)


# The same in the present or the future, right after the name or its aside (« X présente le projet », « X
# nous présentera le package », « X, cheffe de projet, prend la parole », « X commence par un rappel du … »,
# the host's « X vous invite à une réunion Zoom »): a report or an announcement of the talk. Not
# « explique », « raconte », « rappelle »: in the present they quote someone as often as they report a talk.
_PRESENT_SPEECH = re.compile(
    r"^(?:\s*,[^,.!?\n]{1,100},)?\s+(?:ensuite\s+|alors\s+|d'abord\s+|enfin\s+|aussi\s+|egalement\s+)?"
    r"(?:nous\s+|vous\s+|leur\s+)?"
    r"(?:presente|presentent|presentera|presenteront|anime|animent|animera|animeront|intervient|interviennent|"
    r"interviendra|interviendront|temoigne|temoignent|temoignera|temoigneront|expose|exposent|exposera|"
    r"exposeront|prend la parole|prennent la parole|prendra la parole|prendront la parole|introduit|"
    r"introduisent|introduira|conclut|concluent|conclura|ouvre la (?:seance|journee|session)|invite(?:nt)? a|"
    r"commence par (?:un rappel|une presentation|presenter|rappeler|expliquer|nous presenter))\b"
)


# Thanks for the talk itself (« Merci à la Fing, A et B pour l'animation de cet atelier »).
_THANKED_FOR_TALK = (
    r"\bpour (?:l'animation|la moderation|la presentation|leur intervention|son intervention|sa presentation|"
    r"leur presentation|avoir anime|avoir presente)\b"
)


def speech_after(after: str, reach: int = 50) -> bool:
    """Whether the folded text after a name says, within `reach` characters of its sentence, that the
    person presents, explains or speaks (« X a présenté … », « … pour l'animation de cet atelier »; with a
    longer reach, the verb after the roles of a list of names: « X, chef du bureau …, et Y, chargé …, ont
    partagé leur expérience »)."""
    return bool(re.match(rf"^[^.!?\n]{{0,{reach}}}?(?:{_SPEECH_VERB}|{_THANKED_FOR_TALK})", after))


# Before a name, a word that makes it a complement, not the subject of the verb after it (« Le projet de X
# présente … ») (folded).
# (« le projet que X présente », « dont X présente » still make X the subject.)
_COMPLEMENT_BEFORE = re.compile(r"\b(?:de|d'|du|des|par|a|au|aux|avec|pour|chez|selon)\s*$")


def speaks_now(before: str, after: str) -> bool:
    """Whether a name (folded `before` and `after` it) is the subject of a verb in the present or the future
    that reports or announces a talk: « X présente … », « X nous présentera », « X, cheffe de projet, prend
    la parole »."""
    return bool(_PRESENT_SPEECH.match(after)) and not _COMPLEMENT_BEFORE.search(before)


# A list whose label says it names laureates, a jury, members or a team (« EIG lauréats : », « Membres du
# jury : »), or people thanked (« L'équipe souhaite remercier … pour leur participation à la sélection : »):
# its people are named, they do not speak (folded label).
_PEOPLE_LABEL = re.compile(
    r"\b(?:laureat(?:e)?s?|laureates?|gagnant(?:e)?s?|winners?|jury|jures|membres|equipes?|team|"
    r"referent(?:e)?s?|signataires)\b[^\n]{0,40}:\s*$|\b(?:remercie\w*|merci|thanks?)\b[^\n]*:\s*$"
)
# Nouns that name speakers, as a label or a section's name writes them (folded, without their endings).
SPEAKER_NOUNS = r"intervenant|orat(?:eur|rice)|speaker|conferencier|panelist"
_SPEAKERS_NAMED = re.compile(rf"\b(?:{SPEAKER_NOUNS}|presentat)")
# One item of a list of names, a line or a paragraph of its own (« Beryl Armand, développeuse »).
_NAME_ITEM = re.compile(r"^[\s*•·–-]*[A-ZÀ-Ý][\w’'-]+(?:\s+[\w’'-]+){1,3}\s*(?:[,(–-]|$)")


def under_people_label(before: str) -> bool:
    """Whether a name opening its line (`before`: the text up to it) is an item of a list of names whose
    label says they are laureates, a jury, members or a team."""
    if before[before.rfind("\n") + 1 :].strip(" *•·–-"):
        return False  # the name does not open its line: read nothing more
    for line in reversed(before.split("\n")[-160:-1]):
        if not line.strip() or (len(line) < 160 and _NAME_ITEM.match(line)):
            continue
        label = fold(line)
        # « Merci à nos intervenants : » thanks the speakers: they still speak.
        return bool(_PEOPLE_LABEL.search(label)) and not _SPEAKERS_NAMED.search(label)
    return False


# A list whose label says its items are presented or spoken (« Les quatre défis présentés sont : », « Au
# programme : », « Interventions : ») (folded label, ending its line).
_SPEAKING_LABEL = re.compile(
    rf"\b(?:(?:{SPEAKER_NOUNS})\w*|presente(?:e)?s|presentations?|interventions?|talks|programme)\b[^\n]{{0,60}}:\s*$"
)
# A line that a name closes after a dash (« Maritux : Faciliter … - Cécile Canel »): an item of such a list.
NAME_CLOSING_LINE = re.compile(r"\s[–—-]\s+(?P<name>[A-ZÀ-Ý][\w’'-]+(?:\s+[\w’'-]+){0,3})\s*$", re.MULTILINE)


def closes_presented_item(before: str, after: str) -> bool:
    """Whether a name (`before`: the text up to it, `after`: the text from its end) closes, after a dash,
    an item of a list whose label says its items are presented: the person presents that item."""
    end = after.find("\n")
    # The dash is looked for at the end only: `before` may be thousands of characters, read once per name.
    if (after if end < 0 else after[:end]).strip() or not re.search(r"\s[–—-]\s+$", before[-40:]):
        return False
    lines = before.split("\n")
    for line in reversed(lines[-40:-1]):
        if not line.strip() or (len(line) < 300 and NAME_CLOSING_LINE.search(line)):
            continue
        return bool(_SPEAKING_LABEL.search(fold(line)))
    return False


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
    "communaute plateforme outil logiciel application projet produit incubateur accelerateur dispositif "
    "organisme".split()
)


def says_a_body(description: str) -> bool:
    """Whether the description that follows a name (« collectif de réflexion et d'action ») says the named
    thing is a body or a product: then it is no person, wherever it stands."""
    m = re.match(r"^\s*(?:(?:un|une|le|la|les)\s+|l['’]\s*)?([a-zà-ÿ][\w’'-]*)", description)
    return m is not None and fold(m.group(1)).rstrip("s") in BODY_WORDS


# Software, platforms and formats a team writes about (folded): a "name" holding one names no person
# (« Apache Maven », « Github Copilot »), and a lone one no organisation.
SOFTWARE = frozenset(
    """
apache maven jena fuseki tomcat kafka spark hadoop hive airflow docker kubernetes terraform ansible
python jupyter rstudio shiny pandas numpy polars scikit pytorch tensorflow keras spacy huggingface
postgresql postgres postgis mysql mongodb elasticsearch kibana grafana redis sqlite duckdb parquet arrow
github gitlab git linux ubuntu debian windows macos android ios excel word powerpoint libreoffice
openoffice tableau qlik superset metabase observable quarto hugo jekyll eleventy gatsby wordpress drupal
django flask react angular vue node nodejs javascript typescript java scala matlab stata sas
google microsoft amazon aws azure openai chatgpt llama slack zoom teams webex tchap mattermost
figma miro notion trello jira confluence sharepoint outlook gmail firefox chrome onyxia sspcloud datalab
datagouv opendatasoft ckan dbt looker bigquery snowflake databricks openstreetmap qgis leaflet mapbox
""".split()
)
# Software that is also a first name: « Hugo Stéphan » is a person, « Hugo » alone the site generator.
FIRST_NAMES_TOO = frozenset({"hugo"})


def names_software(words: list[str]) -> bool:
    """Whether a name's folded words hold a piece of software (see SOFTWARE)."""
    return any(w in SOFTWARE and not (i == 0 and w in FIRST_NAMES_TOO and len(words) > 1) for i, w in enumerate(words))
