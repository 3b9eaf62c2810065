"""Site generators' conventions, as rules: Jekyll, Hugo, Eleventy/Nunjucks, MDX, admonitions; kinds from
any folder, front matter and the text; nested front matter; lenient YAML; languages."""

import datetime as dt

import pytest

from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.ingest.assemble import build
from findit.ingest.reading import UnreadableFile
from findit.settings import Settings

ELEVENTY = """---
title: "Série {{ seriesName }} : l'accessibilité"
layout: layouts/post.njk
date: 2024-03-02
---
{% set seriesName = "Les rencontres" %}
{% include "partials/header.njk" %}
{# un commentaire de l'auteur #}
Un texte sur l'accessibilité des démarches, vu par {{ author.name | upper }} les agents.

{% imageContent "./schema.png", "Un schéma", "large" %}

{%- dailymotion "x81fgiw" -%}

:::callout Attention
Les inscriptions ferment le 1er mars.
:::

{% if page.show %}Un paragraphe affiché sous condition.{% endif %}
"""


def test_eleventy_template_code_leaves_only_the_text():
    doc = build("fr/blog/2024/accessibilite.njk", ELEVENTY)[0]
    assert doc.kind == Kind.ARTICLE and doc.lang == "fr"  # "fr" is the language, "blog" the section
    assert doc.body == (
        "Un texte sur l'accessibilité des démarches, vu par les agents.\n\nAttention\n\n"
        "Les inscriptions ferment le 1er mars.\n\nUn paragraphe affiché sous condition."
    )
    assert doc.title == "Série : l'accessibilité" and "{" not in doc.summary


def test_a_page_of_template_code_only_gives_no_text():
    with pytest.raises(UnreadableFile, match="rien que du code de gabarit et du balisage"):
        build(
            "index.njk", '{% extends "base.njk" %}\n{% block content %}<div>{{ content | safe }}</div>{% endblock %}\n'
        )
    doc = build(
        "tags.md", "---\ntitle: Les étiquettes\n---\n{% for tag in collections.tags %}<a>{{ tag }}</a>{% endfor %}\n"
    )[0]
    assert doc.title == "Les étiquettes" and doc.body == ""
    assert "rien que du code de gabarit dans le corps : aucun texte propre" in doc.flags


def test_jekyll_posts_drafts_liquid_and_published():
    post = build(
        "en/_posts/18-02-27-bootcamp.md",
        "---\nlayout: post\ntitle: Bootcamp\nauthor: Tiphaine Phe-Neau, EIG Prévisecours\n---\n"
        "{% highlight python %}print(1){% endhighlight %}\n\nThe week of the bootcamp in {{site.title}} was long.\n",
    )[0]
    assert (post.kind, post.date, post.lang) == (Kind.ARTICLE, dt.date(2018, 2, 27), "en")
    assert post.speakers == ["Tiphaine Phe-Neau"]  # the writer of the piece
    assert "{" not in post.body and "bootcamp in was long" in post.body
    long_year = build("_posts/2019-06-12-mesure.md", "---\ntitle: Mesure\n---\nTexte.\n")[0]
    assert long_year.date == dt.date(2019, 6, 12) and not long_year.draft
    underscored = build("_posts/_18-07-24-tensorflow.md", "---\ntitle: Tensorflow\n---\nTexte.\n")[0]
    assert underscored.draft and underscored.flags == [
        "brouillon : nom de fichier commençant par _, non publié par le site"
    ]
    assert build("_drafts/idee.md", "---\ntitle: Idée\n---\nTexte.\n")[0].draft
    assert build("_posts/2019-01-02-x.md", "---\ntitle: X\npublished: false\n---\nTexte.\n")[0].draft
    # a collection's placeholder date: 1 January says the year only
    defi = build("_defis/2019-01-01-datajust.md", "---\nlayout: defi\ntitle: DataJust\n---\nUn défi.\n")[0]
    assert (defi.kind, defi.date, defi.date_precision) == (Kind.PROJECT, dt.date(2019, 1, 1), "year")


def test_hugo_bundles_sections_shortcodes_toml_and_drafts():
    bundle = build(
        "content/event/gridviz/index.md",
        '+++\ntitle = "Présentation de gridviz"\ndate = 2023-01-20T11:00:00Z\npublishDate = 2022-09-01\n'
        "draft = true\n+++\n{{% callout %}}Le replay est en ligne.{{% /callout %}}\n\n"
        '{{< spoiler text="Voir les détails" >}}Gridviz affiche des données carroyées.{{< /spoiler >}}\n\n'
        '{{< video src="https://x.example/v.mp4" controls="yes" >}}\n',
    )[0]
    assert bundle.id == "content-event-gridviz" and bundle.kind == Kind.EVENT and bundle.draft
    assert (bundle.event_date, bundle.date) == (dt.date(2023, 1, 20), dt.date(2022, 9, 1))
    assert bundle.body == "Le replay est en ligne.\n\nVoir les détails Gridviz affiche des données carroyées."
    section = build("content/event/_index.md", "---\ntitle: Événements\n---\nTous nos événements.\n")[0]
    assert section.kind == Kind.PAGE  # a section's list page, not one of its events
    author = build("content/authors/lino/_index.md", "---\ntitle: Lino Galiana\nrole: Data scientist\n---\n")[0]
    assert author.kind == Kind.PERSON and author.speakers == ["Lino Galiana"] and author.body == "Data scientist"


@pytest.mark.parametrize(
    ("name", "source", "setting"),
    [
        # A home page's widget (Hugo, TOML): shown inside the home page, no page of its own.
        (
            "content/home/hero.md",
            '+++\nwidget = "hero"\nheadless = true\ntitle = "Le réseau"\n+++\nRejoignez-nous.\n',
            "headless: true",
        ),
        ("content/projects/gallery.md", "---\ntitle: Projets\nheadless: true\n---\nUne galerie.\n", "headless: true"),
        (
            "content/authors/_index.md",
            "---\ntitle: Auteurs\n_build:\n  render: never\n---\nLes auteurs.\n",
            "_build: render: never",
        ),
        (
            "src/partials/footer.md",
            "---\ntitle: Pied de page\npermalink: false\n---\nMentions légales.\n",
            "permalink: false",
        ),
    ],
)
def test_a_file_the_generator_builds_no_page_of_is_not_a_page_of_the_site(name, source, setting):
    doc = build(name, source)[0]
    assert doc.draft  # hidden from results, as drafts are, and listed with `--all`
    assert doc.flags == [f"brouillon : {setting}, pas une page du site"]
    # A page that is built, whatever else its front matter says, stays a page.
    shown = build(
        name,
        source.replace("headless", "menu").replace("never", "always").replace("permalink: false", "permalink: /pied/"),
    )[0]
    assert not shown.draft


def test_mdx_imports_and_jsx_removed_their_text_kept():
    text = (
        "---\ntitle: Guide\n---\nimport Callout from '../components/Callout'\nexport const meta = {\n  a: 1,\n}\n\n"
        'Un guide pour {props.public} les équipes.\n\n<Callout type="info">Pensez au RGAA.</Callout>\n\n'
        '<Image src="x.png" />\n\n```js\nconst x = {a: 1}\n```\n'
    )
    doc = build("docs/guide.mdx", text)[0]
    assert doc.body == "Un guide pour les équipes.\n\nPensez au RGAA.\n\nconst x = {a: 1}"


def test_kind_from_any_folder_front_matter_and_text():
    assert build("fr/evenements/2024/forum.md", "---\ntitle: Forum\n---\nTexte.\n")[0].kind == Kind.EVENT
    assert build("site/en/team/jane.md", "---\ntitle: Jane Doe\n---\nBio.\n")[0].kind == Kind.PERSON
    assert build("pages/a.md", "---\ntitle: A\ntype: event\n---\nTexte.\n")[0].kind == Kind.EVENT
    assert build("pages/b.md", "---\ntitle: B\ncategories: [Événement]\n---\nTexte.\n")[0].kind == Kind.EVENT
    assert build("pages/c.md", "---\ntitle: C\nlayout: post\n---\nTexte.\n")[0].kind == Kind.ARTICLE
    assert build("pages/d.md", "---\ntitle: D\nlayout: default\n---\nTexte.\n")[0].kind == Kind.PAGE


def test_a_course_is_a_page_and_a_dated_training_announced_elsewhere_an_event():
    # Teaching material (Hugo's `course`) named « formation » is no session announced; the same words in a
    # dated page of no such folder announce one.
    portal = "---\ntitle: Portail de la formation du SSPCloud\ndate: 2022-04-27\n---\nDes tutoriels.\n"
    assert build("course/sspcloud/index.md", portal)[0].kind == Kind.PAGE
    assert build("cours/r/index.md", portal)[0].kind == Kind.PAGE
    session = "---\ntitle: Formation à l'écoconception\ndate: 2024-09-01\n---\nLe 17 septembre.\n"
    assert build("pages/eco.md", session)[0].kind == Kind.EVENT
    # event keys still make a course's session an event
    keyed = "---\ntitle: Formation R\ndate: 2022-04-27\nlieu: Paris\n---\nTexte.\n"
    assert build("course/r/index.md", keyed)[0].kind == Kind.EVENT


def test_nested_front_matter_text_is_indexed_and_machinery_is_not():
    text = (
        "---\ntitle: Accueil\nvideo:\n  title: Le film du programme\n  url: https://v.example/1\n  id: x81\n"
        "slides:\n  - title: Recruter des talents\n    image: /img/a.png\n    color: '#ff0000'\n"
        "  - title: Ouvrir les données\n    caption: Une légende\nlayout: home\n---\nBienvenue.\n"
    )
    doc = build("index.md", text)[0]
    assert doc.body == "Bienvenue.\n\nLe film du programme\n\nRecruter des talents\n\nOuvrir les données\n\nUne légende"


def test_front_matter_text_is_read_without_its_inline_markdown():
    # A Hugo summary as Hugo renders it: code spans and emphasis are text, not backquotes and underscores;
    # read once, as the summary, not again as the body.
    text = (
        '---\ntitle: doremifasol\nsummary: |\n  Le package <i class="fa-brands fa-r-project"></i> `Doremifasol`\n'
        "  pour les *data scientists*. La librairie est _open source_.\n"
        "video:\n  title: Démo de `pynsee` en _live_\nabstract: variable snake_case et 3 * 4 * 5\n---\n"
    )
    doc = build("project/doremifasol/index.md", text)[0]
    assert doc.summary == "Le package Doremifasol pour les data scientists. La librairie est open source."
    assert doc.body == "Démo de pynsee en live\n\nvariable snake_case et 3 * 4 * 5"


def test_an_events_name_in_front_matter_is_text_and_names_its_presenter():
    text = (
        "---\ntitle: Présentation du projet Meta Academy\n"
        "event: Présentation par Kate Burnett-Isaacs (Statistics Canada) du projet de documentation ouverte\n"
        "event_url: https://zoom.example/j/1\n---\nUn projet de parcours de cours ouverts.\n"
    )
    doc = build("event/carpentries/index.md", text)[0]
    assert doc.kind == Kind.EVENT
    assert "du projet de documentation ouverte" in doc.body and "zoom" not in doc.body
    assert doc.speakers == ["Kate Burnett-Isaacs"] and "Statistics Canada" in doc.organisations


def test_lenient_yaml_tab_indented_list_and_duplicate_key():
    text = "---\ntitle: Atelier\ndate: 2022-10-04\ntags:\n\t- données\n\t- design\ntitle: Atelier données\n---\nLe texte.\n"
    doc = build("atelier.md", text)[0]
    assert (doc.title, doc.date, doc.tags, doc.body) == (
        "Atelier données",
        dt.date(2022, 10, 4),
        ["données", "design"],
        "Le texte.",
    )
    assert any("tabulations lues comme une indentation" in f for f in doc.flags)
    assert any("clé « title » en double (lignes 2 et 7) : la dernière valeur est gardée" in f for f in doc.flags)


def test_language_from_front_matter_html_folder_or_detection(tmp_path):
    files = {
        "en/about.md": "---\ntitle: About\n---\nShort.\n",
        "page.md": "---\ntitle: Page\nlang: en-GB\n---\nTexte court.\n",
        "texte.md": "---\ntitle: Un texte\n---\nLes agents publics ont travaillé sur l'ouverture des données de la commande publique.\n",
        "court.md": "---\ntitle: Contact\n---\nÉcrivez-nous.\n",
        "autre.md": "---\ntitle: Un autre texte\n---\nLe programme accueille chaque année des équipes dans les ministères.\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    langs = {d.source: d.lang for d in ingest_corpus(tmp_path, Settings(corpus=tmp_path)).documents}
    # too short to tell: the language of its site
    assert langs == {"en/about.md": "en", "page.md": "en", "texte.md": "fr", "autre.md": "fr", "court.md": "fr"}


def test_language_detection_plain_french_and_other_languages():
    from findit.ingest.lang import detect

    french = (
        "Le programme accueille chaque année des équipes dans les ministères. Elles travaillent pendant dix mois "
        "sur des défis proposés par les administrations, avec le soutien de la direction du numérique, et "
        "présentent leurs résultats lors d'une journée ouverte à tous les agents publics qui le souhaitent."
    )
    english = (
        "The programme welcomes teams into the ministries every year. They work for ten months on challenges "
        "proposed by the administrations, with the support of the digital directorate, and present their "
        "results during a day that is open to all the public servants who wish to attend it."
    )
    german = (
        "Das Programm nimmt jedes Jahr Teams in den Ministerien auf. Sie arbeiten zehn Monate lang an "
        "Herausforderungen, die von den Verwaltungen vorgeschlagen werden, und stellen ihre Ergebnisse vor."
    )
    assert (detect(french), detect(english), detect(german)) == ("fr", "en", "de")
    # French words quoted in an English text do not make it French.
    assert detect(english + " As the French say, « le programme des entrepreneurs »." * 2) == "en"


def test_an_author_named_by_the_slug_of_their_profile_page(tmp_path):
    """Hugo's authors taxonomy: `authors: [romaintailhurat]` is the person whose page
    authors/romaintailhurat/_index.md is titled « Romain Tailhurat »; a page of a `team/` folder works the
    same. A profile that is no person (« SSP Hub ») names nobody, and an unknown slug is no name."""
    files = {
        "content/authors/romaintailhurat/_index.md": "---\ntitle: Romain Tailhurat\nrole: Product manager\n---\nBio.",
        "content/authors/admin/_index.md": "---\ntitle: SSP Hub\n---\nLe réseau.",
        "content/team/cecile-le-guen.md": "---\ntitle: Cécile Le Guen\n---\nDesigner.",
        "content/post/polars/index.md": (
            "---\ntitle: Polars, une alternative à Pandas\ndate: 2023-02-10\n"
            "authors:\n  - romaintailhurat\n  - inconnu\n---\nUn billet sur Polars."
        ),
        "content/post/bilan/index.md": "---\ntitle: Le bilan\nauthors: [admin, cecile-le-guen]\n---\nUn bilan.",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    docs = {d.title: d for d in ingest_corpus(tmp_path, Settings()).documents}
    assert docs["Polars, une alternative à Pandas"].speakers == ["Romain Tailhurat"]
    assert docs["Le bilan"].speakers == ["Cécile Le Guen"]
    assert docs["SSP Hub"].speakers == []
