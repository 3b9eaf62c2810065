"""Drafts, junk and near-duplicate groups."""

from findit.ingest import ingest_corpus
from findit.ingest.quality import is_keyboard_mash
from findit.settings import Settings
from helpers import event_file, write_files

TEXT = (
    "Etalab organise un atelier sur l'ouverture des codes sources publics avec les administrations "
    "qui publient leurs logiciels, les communautés du libre et les agents qui veulent s'y mettre. "
    "Au programme : retours d'expérience, démonstrations et questions ouvertes sur les licences, "
    "la gouvernance des projets et la contribution des agents publics."
)


def event(title, text=TEXT, **dates):
    return event_file(title, text, **dates)


def write(root, files):
    write_files(root, files)
    return {doc.source: doc for doc in ingest_corpus(root, Settings(corpus=root)).documents}


def test_the_same_event_under_other_names_is_one_group_whatever_the_file_names(tmp_path):
    docs = write(
        tmp_path,
        {
            "a/atelier-codes-sources.md": event("Atelier codes sources"),
            "b/zzz-repost.markdown": event(
                "Atelier codes sources publics", TEXT.replace("Au programme", "Programme"), date="2021-03-05"
            ),
            "c/autre.md": event(
                "Conférence sur l'accessibilité",
                "Une conférence sur l'accessibilité numérique des démarches en ligne, les obligations "
                "légales, les audits RGAA et les bonnes pratiques de conception pour tous les usagers.",
            ),
        },
    )
    a, b, c = docs["a/atelier-codes-sources.md"], docs["b/zzz-repost.markdown"], docs["c/autre.md"]
    assert a.duplicate_group and a.duplicate_group == b.duplicate_group
    assert c.duplicate_group == ""


def test_same_file_name_different_content_is_not_a_duplicate(tmp_path):
    docs = write(
        tmp_path,
        {
            "x/atelier.md": event("Atelier codes sources"),
            "y/atelier.md": event(
                "Atelier données",
                "Un atelier sur la qualité des données publiques, les schémas, "
                "la documentation des jeux de données et leur mise à jour par les producteurs.",
            ),
        },
    )
    assert all(doc.duplicate_group == "" for doc in docs.values())


def test_people_sharing_a_placeholder_profile_are_not_duplicates(tmp_path):
    placeholder = (
        "La description de ce profil est en cours de rédaction et sera disponible prochainement, "
        "avec le parcours, les défis relevés et les compétences de la personne."
    )
    docs = write(
        tmp_path,
        {
            f"personnes__{slug}.md": f"---\ntitle: {name}\n---\n{placeholder}\n"
            for slug, name in [("anne-a", "Anne Aubert"), ("bruno-b", "Bruno Blanc"), ("anne-a-1", "Anne Aubert")]
        },
    )
    assert docs["personnes__anne-a.md"].duplicate_group == docs["personnes__anne-a-1.md"].duplicate_group != ""
    assert docs["personnes__bruno-b.md"].duplicate_group == ""


def test_editions_of_a_series_are_not_duplicates(tmp_path):
    docs = write(
        tmp_path,
        {
            "meetup-4.md": event("Design public meetup #4"),
            "meetup-5.md": event("Design public meetup #5", date="2021-05-01", event_date="2021-05-14"),
            "forum-2021.md": event("Forum emploi", date="2021-01-01", event_date="2021-03-15"),
            "forum-2022.md": event("Forum emploi", date="2022-01-01", event_date="2022-03-15"),
        },
    )
    assert all(doc.duplicate_group == "" for doc in docs.values())


def test_drafts_and_junk_are_flagged(tmp_path):
    docs = write(
        tmp_path,
        {
            "brouillon.md": event("Atelier", extra="published: false\n"),
            "cache.md": event("Page", extra="visible: false\n"),
            "double.md": event("[duplication] Le forum de l'emploi"),
            "lorem.md": "---\ntitle: Evénements 2\n---\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n",
            "test.md": "---\ntitle: TEST - ne pas publier\n---\nUn essai de mise en page avec quelques mots réels.\n",
            "vrai.md": event("Atelier codes sources"),
        },
    )
    assert docs["brouillon.md"].draft and "brouillon : published: false" in docs["brouillon.md"].flags
    assert docs["cache.md"].draft and "brouillon : visible: false" in docs["cache.md"].flags
    assert docs["double.md"].draft and "brouillon : titre marqué [duplication]" in docs["double.md"].flags
    assert docs["lorem.md"].junk and "texte de remplissage lorem ipsum" in docs["lorem.md"].flags
    assert docs["test.md"].junk and "entrée de test (titre commençant par TEST)" in docs["test.md"].flags
    real = docs["vrai.md"]
    assert not real.draft and not real.junk and real.flags == []


def test_a_generated_list_with_no_text_of_its_own_is_junk(tmp_path):
    # Jekyll's tag pages (« Tag: datascience ») and a page the site keeps from search engines, with nothing
    # but a title: junk, hidden as such and counted by `findit check`. With text, they are pages.
    docs = write(
        tmp_path,
        {
            "tag/datascience.md": "---\nlayout: tag-archive\ntitle: 'Tag: datascience'\ntag: datascience\n---\n",
            "merci.md": "---\ntitle: Merci pour votre inscription\nrobots: noindex\n---\n",
            "categories.md": "---\nlayout: category\ntitle: Design\n---\nNos articles sur le design des services.\n",
            "tag/design.md": "---\nlayout: post\ntitle: Le design\n---\n",
        },
    )
    assert docs["tag/datascience.md"].junk
    assert "page de liste sans texte (layout: tag-archive)" in docs["tag/datascience.md"].flags
    assert docs["merci.md"].junk and any("robots: noindex" in f for f in docs["merci.md"].flags)
    assert not docs["categories.md"].junk and not docs["tag/design.md"].junk


def test_placeholder_paragraphs_inside_real_text_are_left_out(tmp_path):
    text = TEXT + "\n\nLorem ipsum dolor sit amet.\n\n> iheritgterpge\n> hirh\n"
    doc = write(tmp_path, {"a.md": event("Atelier", text)})["a.md"]
    assert not doc.junk
    assert "Lorem" not in doc.body and "iheritgterpge" not in doc.body
    assert len(doc.flags) == 2


def test_keyboard_mash_detection():
    for mash in ("iheritgterpge hirh", "grhgeroih", "qsdfghjklm"):
        assert is_keyboard_mash(mash), mash
    for real in (
        "Gratuit - sur inscription.",
        "webinaire",
        "design thinking",
        "Mes Aides",
        "accessibilité numérique",
        "https://www.demarches-simplifiees.fr/",
        "transcription",
        "construction",
    ):
        assert not is_keyboard_mash(real), real


def test_one_spelling_per_tag_and_name_across_the_corpus(tmp_path):
    docs = write(
        tmp_path,
        {
            "a.md": event("Atelier A", extra="categorie: 'Évènement '\n"),
            "b.md": event(
                "Atelier B",
                TEXT.replace("Etalab", "Soizic Penicaud, chercheuse chez Etalab,"),
                date="2023-03-01",
                event_date="2023-03-15",
                extra="categorie: Évènement\n",
            ),
            "c.md": event(
                "Atelier C",
                TEXT.replace("Etalab", "Soizic Pénicaud, chercheuse chez Etalab,"),
                date="2024-03-01",
                event_date="2024-03-15",
                extra="categorie: Événement\n",
            ),
            "d.md": event(
                "Atelier D",
                TEXT.replace("Etalab", "Soizic Pénicaud, chercheuse chez Etalab,"),
                date="2025-03-01",
                event_date="2025-03-15",
                extra="categorie: Evénement\n",
            ),
        },
    )
    assert {tuple(doc.tags) for doc in docs.values()} == {("Évènement",)}
    assert {tuple(doc.speakers) for doc in docs.values() if doc.speakers} == {("Soizic Pénicaud",)}
