"""HTML pages (trafilatura) and iCalendar files: the document a reader would expect, and bad input
reported or recovered."""

import datetime as dt

from findit.documents import Kind, SkippedFile
from findit.ingest.formats import read
from findit.settings import Settings

PAGE = """<!doctype html><html lang=fr-FR><head><meta charset="{charset}">
<title>Atelier données ouvertes | Le site du programme</title>
<meta property="og:site_name" content="Programme Exemple">
<meta property="article:published_time" content="2022-06-13T13:00:00+01:00">
<link rel=canonical href=https://exemple.gouv.fr/actualites/atelier/>
<script>var tracking = "ne pas indexer";</script><style>.x{{color:red}}</style></head>
<body><header><nav><a href=/>Accueil</a> <a href=/projets>Projets</a> <a href=/contact>Contact</a></nav></header>
<main><article><h1>Atelier données ouvertes</h1>
<p>L'atelier a réuni vingt-cinq experts de la donnée venus de treize administrations différentes, à Bercy.</p>
<p><svg viewBox="0 0 10 10"><text>icône svg</text></svg>Les participants ont travaillé sur le cadrage des
projets d'intérêt commun, avec Jeanne Martin, cheffe de projet chez Etalab, qui a présenté la méthode.</p>
<p>Café, croissants et échanges : une journée réussie pour la communauté des agents publics.</p>
</article></main>
<footer><p>Mentions légales - Accessibilité : non conforme - Plan du site</p></footer></body></html>"""


def html_doc(charset="utf-8", encoding="utf-8"):
    result = read("actualites/atelier/index.html", PAGE.format(charset=charset).encode(encoding), Settings())
    assert not isinstance(result, SkippedFile), result
    return result[0]


def test_an_html_page_gives_its_main_text_and_metadata():
    doc = html_doc()
    assert doc.title == "Atelier données ouvertes"
    assert doc.kind == Kind.ARTICLE  # the "actualites" folder
    assert (doc.date, doc.date_precision) == (dt.date(2022, 6, 13), "day")
    assert doc.url == "https://exemple.gouv.fr/actualites/atelier/"
    assert doc.outlet == "Programme Exemple" and doc.lang == "fr"
    assert "vingt-cinq experts" in doc.body and "Café, croissants" in doc.body
    for chrome in ("Accueil", "Projets", "Mentions légales", "icône svg", "tracking", "color:red"):
        assert chrome not in doc.body
    assert "Jeanne Martin" in doc.speakers and "Etalab" in doc.organisations


def test_an_html_page_in_another_charset_reads_as_it_declares():
    doc = html_doc(charset="windows-1252", encoding="cp1252")
    assert "Café, croissants" in doc.body and "données" in doc.title
    assert not any(flag.startswith("encodage") for flag in doc.flags)


def test_an_html_page_without_a_charset_that_is_not_utf8_is_read_as_browsers_do():
    page = PAGE.replace('<meta charset="{charset}">', "").format().encode("cp1252")
    (doc,) = read("page.html", page, Settings())
    assert "Café, croissants" in doc.body and any(
        flag.startswith("encodage : n'est pas de l'UTF-8 valide (octet 0x") and flag.endswith(" : lu en windows-1252")
        for flag in doc.flags
    )


def test_a_page_that_is_only_scripts_is_reported():
    page = b"<html><head><script>document.write('x')</script></head><body><script>app()</script></body></html>"
    result = read("vide.html", page, Settings())
    assert isinstance(result, SkippedFile) and result.reason.startswith("aucun texte dans la page")
    assert result.code == "no-text"


CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Exemple//FR
BEGIN:VEVENT
UID:atelier-1@exemple
SUMMARY;LANGUAGE=fr:Atelier d'idéation du programme
DTSTART;TZID="Romance Standard Time":20220516T140000
DTEND;TZID="Romance Standard Time":20220516T173000
LOCATION:BercyLab\\, Paris
DESCRIPTION:Un atelier pour faire émerger les projets de la saison\\, avec le
 s équipes des ministères.
this line is broken
END:VEVENT
BEGIN:VEVENT
UID:seminaire-2@exemple
SUMMARY:Séminaire de rentrée
DTSTART;VALUE=DATE:20220913
DTEND;VALUE=DATE:20220915
END:VEVENT
END:VCALENDAR
"""


def test_each_event_of_a_calendar_is_a_document_and_broken_lines_are_left_out():
    atelier, seminaire = read("agenda.ics", CALENDAR.replace("\n", "\r\n").encode(), Settings())
    assert atelier.kind == seminaire.kind == Kind.EVENT
    assert atelier.title == "Atelier d'idéation du programme"
    assert (atelier.event_date, atelier.event_end, atelier.year) == (dt.date(2022, 5, 16), None, 2022)
    assert atelier.venue == "BercyLab, Paris"
    assert atelier.body == "Un atelier pour faire émerger les projets de la saison, avec les équipes des ministères."
    assert atelier.lang == "fr" and "calendrier : 1 ligne(s) cassée(s) laissée(s) de côté" in atelier.flags
    # an all-day event ends the day before its DTEND
    assert (seminaire.event_date, seminaire.event_end) == (dt.date(2022, 9, 13), dt.date(2022, 9, 14))
    assert atelier.id != seminaire.id


def test_a_calendar_without_events_or_not_a_calendar_is_reported():
    empty = read("vide.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", Settings())
    assert isinstance(empty, SkippedFile) and empty.reason == "calendrier sans événement"
    junk = read("faux.ics", b"ceci n'est pas un agenda", Settings())
    assert isinstance(junk, SkippedFile) and junk.reason.startswith("calendrier illisible (")
    assert (empty.code, junk.code) == ("no-events", "bad-calendar")
