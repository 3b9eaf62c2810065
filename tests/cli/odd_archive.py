"""A small archive of odd documents for the terminal tests: events known to the day, to the month, or not
at all; a title full of escape sequences; a title that is a spreadsheet formula."""

from __future__ import annotations

import datetime as dt

from findit.cli import cli
from helpers import doc

# A title that recolours a terminal, sets its window title and rings its bell, if printed raw.
HOSTILE_TITLE = "Titre \x1b[31mROUGE\x1b[0m \x1b]0;PWNED\x07 fin"
FILLER = "Un atelier de cartographie des données publiques avec les agents et les usagers. "


def odd_documents() -> list:
    hostile = doc(
        "hostile",
        HOSTILE_TITLE,
        FILLER + "Le mot rouge \x1b[2J efface l'écran ; \u202egnp.exe\u202c renverse le texte.",
        date="2024-02-02",
        outlet="Site \x1b[5mclignotant",
    )
    hostile.source = "evil\x1b[2J.md"
    return [
        doc(
            "atelier-mars",
            "Atelier cartographie de mars",
            FILLER * 2,
            kind="event",
            date="2024-01-10",
            event_date=_day("2024-03-12"),
            event_end=_day("2024-03-14"),
            venue="Paris ; salle 3, deuxième étage",
            speakers=["Ada Lovelace"],
            summary="Trois jours de cartographie.",
            url="https://example.org/atelier-mars",
        ),
        doc(
            "webinaire-mai",
            "Webinaire cartographie",
            FILLER,
            kind="event",
            date="2023-04-01",
            event_date=_day("2023-05-02"),
            venue="En ligne",
        ),
        doc(
            "rencontre-mois",
            "Rencontre cartographie de mai",
            FILLER,
            kind="event",
            date="2022-05-01",
            event_date=_day("2022-05-01"),
            event_precision="month",
            date_precision="month",
        ),
        doc("rencontre-sans-date", "Rencontre cartographie sans date", FILLER, kind="event"),
        doc(
            "formule",
            '=HYPERLINK("http://evil.example","clic")',
            FILLER,
            date="2024-02-01",
            tags=["-moins", "thème"],
        ),
        hostile,
        doc("page-sans-date", "Mentions cartographie", FILLER),
    ]


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def findit_in(runner, settings, *args, **kwargs):
    """`findit query --index <settings.index> ARGS` through click's runner."""
    return runner.invoke(cli, ["query", "--index", str(settings.index), *args], catch_exceptions=False, **kwargs)
