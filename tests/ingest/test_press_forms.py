"""Press items in every common form become coverage documents with headline, outlet, date and URL; an
outlet is never a speaker."""

import datetime as dt

from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.ingest.assemble import build
from findit.ingest.formats import read
from findit.settings import Settings

LINES = """---
title: Revue de presse
---
Ils ont parlé du programme.

- [Le programme recrute sa 5e promotion](https://www.acteurspublics.fr/a), Acteurs publics, mai 2021
- La Gazette des communes — [Des talents du numérique dans les collectivités](https://gazette.example/b) (12 mars 2019)
- [Quand l'État recrute des data scientists](https://lemonde.example/c) — Le Monde, 3 février 2020 : « Un programme singulier. »

| Date | Média | Article |
|---|---|---|
| 4 octobre 2022 | Alliancy | [Numérique et administrations : le combo détonnant](https://alliancy.example/d) |

Pour nous écrire, [contactez le service presse](https://presse.example/contact).
"""


def test_line_bullet_and_table_forms():
    page, *items = build("presse.md", LINES)
    assert page.kind == Kind.PAGE and page.body.startswith("Ils ont parlé du programme.")
    assert "Acteurs publics" not in page.body and "contactez le service presse" in page.body
    got = [(d.title, d.outlet, d.date, d.date_precision, d.url) for d in items]
    assert got == [
        (
            "Le programme recrute sa 5e promotion",
            "Acteurs publics",
            dt.date(2021, 5, 1),
            "month",
            "https://www.acteurspublics.fr/a",
        ),
        (
            "Des talents du numérique dans les collectivités",
            "La Gazette des communes",
            dt.date(2019, 3, 12),
            "day",
            "https://gazette.example/b",
        ),
        (
            "Quand l'État recrute des data scientists",
            "Le Monde",
            dt.date(2020, 2, 3),
            "day",
            "https://lemonde.example/c",
        ),
        (
            "Numérique et administrations : le combo détonnant",
            "Alliancy",
            dt.date(2022, 10, 4),
            "day",
            "https://alliancy.example/d",
        ),
    ]
    assert items[2].summary == "Un programme singulier."
    assert all(d.kind == Kind.COVERAGE and d.year == d.date.year and not d.speakers for d in items)


def test_a_list_of_links_with_dates_is_not_a_press_page():
    text = "---\ntitle: Nos ateliers\n---\n- [Atelier données](https://a.example/1), le 3 mars 2022\n- [Atelier code](https://a.example/2)\n"
    assert len(build("ateliers.md", text)) == 1


def test_press_lists_in_front_matter_and_in_data_files():
    text = (
        '---\nlayout: default\ncommuniques:\n  - title: "Lancement du programme Designers d\'intérêt général"\n'
        '    date: "12 mars 2019"\n    url: https://www.numerique.gouv.fr/espace-presse/dig/\n---\n'
        '<h1>Espace presse</h1>\n<ul>{% for c in page.communiques %}<li><a href="{{ c.url }}">{{ c.title }}</a></li>{% endfor %}</ul>\n'
    )
    page, item = build("presse.html", text)
    assert page.title == "Espace presse" and page.body == ""
    assert (item.kind, item.title, item.outlet, item.date) == (
        Kind.COVERAGE,
        "Lancement du programme Designers d'intérêt général",
        "numerique.gouv.fr",
        dt.date(2019, 3, 12),
    )
    data = (
        b"- title: Le Monde parle du programme\n  media: Le Monde\n  date: 2021-06-01\n  url: https://lemonde.example/x\n"
        b"- title: Interview de la directrice\n  media: France Culture\n  date: 2021-07-02\n  url: https://fc.example/y\n"
    )
    items = read("_data/presse.yml", data, Settings())
    assert [(d.kind, d.outlet, d.date) for d in items] == [
        (Kind.COVERAGE, "Le Monde", dt.date(2021, 6, 1)),
        (Kind.COVERAGE, "France Culture", dt.date(2021, 7, 2)),
    ]


def test_an_outlet_is_never_a_speaker(tmp_path):
    (tmp_path / "presse.md").write_text(
        "---\ntitle: Presse\n---\n- [Un portrait du programme](https://mc.example/1), Marie Claire, juin 2021\n",
        encoding="utf-8",
    )
    (tmp_path / "evenement.md").write_text(
        "---\ntitle: Soirée\nevent_start_date: 2021-06-10\n---\n"
        "Avec :\n\n- **Marie Claire**, *partenaire média*\n- **Jeanne Martin**, *Etalab*\n",
        encoding="utf-8",
    )
    docs = {d.kind: d for d in ingest_corpus(tmp_path, Settings(corpus=tmp_path)).documents}
    assert docs[Kind.COVERAGE].outlet == "Marie Claire"
    assert docs[Kind.EVENT].speakers == ["Jeanne Martin"]
