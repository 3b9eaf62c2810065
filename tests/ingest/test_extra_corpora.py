"""A handful of documents of each real archive in ../shared/corpora-extra, pinned with what a careful
reader would give them. Each file is read on its own (the pairs that make a duplicate group together);
skipped cleanly when the folder is absent."""

import datetime as dt
import re
import shutil

import pytest

from findit.documents import Kind, SkippedFile
from findit.ingest import ingest_corpus
from findit.ingest.formats import read
from findit.settings import Settings
from helpers import SHARED_EXTRA

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SHARED_EXTRA.is_dir(), reason="../shared/corpora-extra is absent"),
]
D = dt.date
TEMPLATE_CODE = re.compile(r"\{\{|\{%|%\}|\}\}|\{\{% callout|</?[a-zA-Z][^>]*>|&nbsp;")


def docs(corpus, name):
    result = read(name, (SHARED_EXTRA / corpus / name).read_bytes(), Settings())
    assert not isinstance(result, SkippedFile), result
    for doc in result:
        assert not TEMPLATE_CODE.search(doc.body), (doc.id, TEMPLATE_CODE.search(doc.body))
    return result


def group(tmp_path, corpus, *names):
    for name in names:
        shutil.copyfile(SHARED_EXTRA / corpus / name, tmp_path / name)
    found = ingest_corpus(tmp_path, Settings(corpus=tmp_path)).documents
    return {d.source: d.duplicate_group for d in found}


def test_ssphub_hugo_event_bundle():
    (doc,) = docs("ssphub-hugo", "event__10-pourcent-final-season1__index.md")
    assert (doc.kind, doc.title, doc.lang) == (Kind.EVENT, "Evénement de clôture de la saison 1 du programme 10%", "fr")
    # Wowchemy: `date` is the event's, `publishDate` the page's
    assert (doc.event_date, doc.event_precision, doc.date, doc.year) == (D(2022, 12, 5), "day", D(2023, 1, 15), 2022)
    assert doc.venue == "Lieu de la transformation publique" and doc.tags == ["10%", "Etalab", "MadeByUS"]
    assert doc.speakers == [
        "Romain Lesur", "Stéphane Campion", "Soraya SAA", "Sophie RAVEL", "Antoine Augusti", "Yann Golhen",
        "Théo Alves Da Costa",
    ]  # fmt: skip
    assert doc.organisations == ["INSEE", "Pôle Emploi", "MAIF"]
    assert doc.summary.startswith("Le 5 décembre, a lieu l'événement de clotûre")
    assert "Pour toute information : lab-ia@data.gouv.fr" in doc.body and "Regard du privé" in doc.body


def test_ssphub_hugo_programme_table_toml_duplicate_key_and_calendar():
    (unece,) = docs("ssphub-hugo", "event__unece__index.md")
    assert (unece.kind, unece.lang, unece.event_date) == (Kind.EVENT, "en", D(2022, 11, 30))
    assert {"Eric Deeben", "Taeke Gjaltema", "InKyung Choi", "Justin McGurk", "Andrea Del Monaco"} <= set(
        unece.speakers
    )
    assert unece.organisations == []  # no person taken for an organisation
    (demo,) = docs("ssphub-hugo", "home__demo.md")  # TOML front matter
    assert (demo.title, demo.lang) == ("Academic Template", "en") and "Wowchemy" in demo.body
    (widget,) = docs("ssphub-hugo", "courses__widget.md")
    assert widget.summary == "Une sélection de ressources utiles pour se former ou se perfectionner à la data-science"
    assert widget.flags == [
        "en-tête : clé « subtitle » en double (lignes 13 et 15) : la dernière valeur est gardée",
        # a widget of the courses page, rendered inside it: no page of its own
        "brouillon : headless: true, pas une page du site",
    ]
    assert widget.draft
    (event,) = docs("ssphub-hugo", "infolettre__infolettre_11__carpentries.ics")
    assert (event.kind, event.title) == (Kind.EVENT, "Meta Academy / Carpentries presentation at INSEE")
    assert (event.event_date, event.date) == (D(2023, 3, 28), D(2023, 3, 7))
    assert event.venue.startswith("https://insee-fr.zoom.us/")
    (manifeste,) = docs("ssphub-hugo", "manifeste__index.md")
    assert "du SSP. Ces échanges" in manifeste.body  # an abbr shortcode leaves its text


def test_site_eig_jekyll_posts_drafts_and_languages():
    (post,) = docs("site-eig-jekyll", "_posts__18-05-29-pourquoi-devenir-EIG.md")
    assert (post.kind, post.date, post.lang, post.speakers) == (
        Kind.ARTICLE,
        D(2018, 5, 29),
        "fr",
        ["Tiphaine Phe-Neau"],
    )
    assert post.tags == ["témoignage", "datascience"] and not post.draft
    (english,) = docs("site-eig-jekyll", "en___posts__18-05-29-pourquoi-devenir-EIG.md")
    assert (english.lang, english.date, english.title) == (
        "en",
        D(2018, 5, 29),
        "Why quit your job and become a Public Interest Entrepreneur (EIG)?",
    )
    (draft,) = docs("site-eig-jekyll", "_posts___18-07-24-entree-technique-tensorflow.md")
    assert draft.draft and draft.speakers == ["Victor Schmidt"]
    (defi,) = docs("site-eig-jekyll", "_defis__2019-01-01-datajust.md")
    assert (defi.kind, defi.date, defi.date_precision, defi.year) == (Kind.PROJECT, D(2019, 1, 1), "year", 2019)
    skipped = read("cgu.html", (SHARED_EXTRA / "site-eig-jekyll" / "cgu.html").read_bytes(), Settings())
    assert isinstance(skipped, SkippedFile)  # a Liquid include and nothing else


def test_site_eig_jekyll_press_releases_from_front_matter_and_a_pdf_invitation():
    page, *items = docs("site-eig-jekyll", "presse.html")
    assert (page.kind, page.title) == (Kind.PAGE, "Espace presse")
    assert [(d.kind, d.date, d.outlet) for d in items][:2] == [
        (Kind.COVERAGE, D(2019, 3, 12), "numerique.gouv.fr"),
        (Kind.COVERAGE, D(2019, 4, 12), "numerique.gouv.fr"),
    ]
    assert len(items) == 5 and all(d.url.startswith("https://www.numerique.gouv.fr/espace-presse/") for d in items)
    (invitation,) = docs("site-eig-jekyll", "docs__EIG4_DemoDay_Invitation.pdf")
    # "Le 17 juin de 14h à 17h30": no year written; the PDF was made in April 2021
    assert (invitation.kind, invitation.event_date, invitation.year) == (Kind.EVENT, D(2021, 6, 17), 2021)


def test_programme10_html_pages_and_their_two_builds(tmp_path):
    (doc,) = docs("programme10-html", "actualites__bootcamp__index.html")
    assert (doc.kind, doc.title, doc.date, doc.lang) == (
        Kind.ARTICLE,
        "Saison 2022 : ateliers de cadrage des 13 et 14 juin",
        D(2022, 6, 13),
        "fr",
    )
    assert doc.url == "https://10pourcent.etalab.studio/actualites/bootcamp/"
    assert doc.body.startswith("Les 13 et 14 juin, la communauté 10% a été lancée !")
    for chrome in ("Portefeuille de projets", "Mentions légales", "Accessibilité : non conforme", "Aller au contenu"):
        assert chrome not in doc.body
    (example,) = docs("programme10-html", "example.html")
    assert (example.lang, example.kind) == ("en", Kind.PAGE)
    groups = group(
        tmp_path, "programme10-html", "actualites__bootcamp__index.html", "dist__actualites__bootcamp2022__index.html"
    )
    assert len(set(groups.values())) == 1 and "" not in groups.values()


def test_ssplab_pdf_newsletter_and_its_reexport(tmp_path):
    (doc,) = docs("ssplab-pdf", "lettre big data n11.pdf")
    assert doc.title == "Big Data et Statistique Publique — Lettre d’information N°11 – Octobre 2021"
    assert (doc.kind, doc.date, doc.date_precision, doc.lang) == (Kind.ARTICLE, D(2021, 10, 1), "month", "fr")
    # two columns read one after the other: the editorial's sentence is whole
    assert "Que nenni : la datascience sera collective ou ne sera pas." in doc.body
    assert doc.body.index("bienvenue au Funathon") < doc.body.index("Datascience, science des données")
    groups = group(tmp_path, "ssplab-pdf", "Lettre Big data 6.pdf", "lettre big data_n6-Novembre 2017.pdf")
    assert len(set(groups.values())) == 1 and "" not in groups.values()
