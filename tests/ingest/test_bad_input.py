"""Files that cannot be read are reported with their path and reason; nothing else is lost."""

import datetime as dt
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from findit.ingest import ingest_corpus, scan_files
from findit.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"

GOOD = "---\ntitle: Un bon fichier\ndate: 2022-05-04\n---\nUn texte tout à fait lisible sur les services publics.\n"


@pytest.fixture
def messy(tmp_path):
    """A corpus holding the fixtures plus the cases that are better made on the spot."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    (root / "bon.md").write_text(GOOD, encoding="utf-8")
    (root / "binaire.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "blanc.md").write_text(" \n\n\t\n", encoding="utf-8")
    (root / "enorme.md").write_text(GOOD + "x" * 3_000_000, encoding="utf-8")
    (root / "non-ferme.md").write_text("---\ntitle: Jamais fermé\n\nTexte.\n", encoding="utf-8")
    (root / "liste.md").write_text("---\n- a\n- b\n---\nTexte.\n", encoding="utf-8")
    (root / "tableau.tsv").write_text("a\tb\n", encoding="utf-8")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.md").write_text(GOOD, encoding="utf-8")
    (root / ".brouillon.md").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD.replace("Un bon fichier", "Hors du corpus"), encoding="utf-8")
    (root / "lien-dehors.md").symlink_to(outside)
    outside_dir = tmp_path / "ailleurs"
    outside_dir.mkdir()
    (outside_dir / "y.md").write_text(GOOD, encoding="utf-8")
    (root / "dossier-dehors").symlink_to(outside_dir, target_is_directory=True)
    (root / "lien-dedans.md").symlink_to(root / "bon.md")
    sub = root / "sous" / "dossier"
    sub.mkdir(parents=True)
    (sub / "page.markdown").write_text(GOOD.replace("Un bon fichier", "Plus bas"), encoding="utf-8")
    return root


def reasons(corpus):
    return {s.source: s.reason for s in corpus.skipped}


def test_each_bad_file_is_reported_with_its_reason(messy):
    corpus = ingest_corpus(messy, Settings(corpus=messy))
    why = reasons(corpus)
    assert why["empty.md"] == "fichier vide"
    assert why["blanc.md"] == "fichier vide"
    assert why["binaire.md"] == "fichier binaire (octets NUL), pas du texte"
    assert why["enorme.md"] == "trop volumineux (3 Mo > limite 2 Mo)"
    # a guessed encoding would index wrong letters
    assert why["latin1.md"].startswith("n'est pas de l'UTF-8 valide (octet 0x")
    assert why["tableau.tsv"] == "pas un fichier de contenu (les fichiers .tsv ne sont pas lus)"
    assert "menant hors du dossier" in why["lien-dehors.md"]
    assert "menant hors du dossier" in why["dossier-dehors"]
    codes = {s.source: s.code for s in corpus.skipped}
    assert (codes["empty.md"], codes["binaire.md"], codes["enorme.md"]) == ("empty", "binary", "too-large")
    assert (codes["latin1.md"], codes["tableau.tsv"], codes["lien-dehors.md"]) == (
        "not-utf8",
        "not-content",
        "link-outside",
    )


def test_files_strict_parsers_refuse_are_recovered_with_a_warning(messy):
    """A file is skipped only when nothing can be read from it (changed rule: these four were skipped)."""
    docs = {doc.source: doc for doc in ingest_corpus(messy, Settings(corpus=messy)).documents}
    broken = docs["broken-yaml.md"]
    assert (broken.title, broken.date, broken.body) == ("Une liste jamais fermée", dt.date(2020, 1, 1), "Texte.")
    assert any(
        f.startswith("en-tête : YAML cassé (ligne") and "repris clé par clé : title, date" in f for f in broken.flags
    )
    duplicate = docs["duplicate-key.md"]  # the last value wins, as in Jekyll and Hugo
    assert duplicate.title == "Anne Exemple" and duplicate.tags == ["Data science"]
    assert any("clé « expertises » en double (lignes 3 et 6)" in f for f in duplicate.flags)
    unclosed = docs["non-ferme.md"]
    assert (unclosed.title, unclosed.body) == ("Jamais fermé", "Texte.")
    assert any("jamais fermé" in f for f in unclosed.flags)
    listed = docs["liste.md"]
    assert listed.body == "Texte." and any("pas un ensemble de clés (list)" in f for f in listed.flags)


def test_nothing_else_is_lost(messy):
    corpus = ingest_corpus(messy, Settings(corpus=messy))
    titles = {doc.source: doc.title for doc in corpus.documents}
    assert titles["bon.md"] == "Un bon fichier"
    assert titles["lien-dedans.md"] == "Un bon fichier"  # a link inside the corpus is read
    assert titles["sous/dossier/page.markdown"] == "Plus bas"
    assert titles["meetup-bom.txt"] == "Meetup Design public #4"
    assert titles["portrait-sans-extension"] == "Un portrait sans extension"
    assert titles["markup.md"] == "Balisage varié"
    # no file is read from outside the corpus, nor from hidden folders
    assert "Hors du corpus" not in titles.values()
    assert not any(source.startswith(".") or "/." in source for source in titles)
    # every file seen is either documents or a reason
    sources = set(titles) | set(reasons(corpus))
    assert len(sources) == corpus.files_seen


def test_a_lower_size_limit_is_honoured(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    corpus = ingest_corpus(tmp_path, replace(Settings(), max_file_bytes=50))
    assert corpus.documents == []
    assert (
        corpus.skipped[0].reason.startswith("trop volumineux (") and "> limite 50 octets)" in corpus.skipped[0].reason
    )


def test_scan_files_hashes_content_files_and_sees_changes(messy):
    settings = Settings(corpus=messy)
    before = scan_files(messy, settings)
    assert "bon.md" in before and "sous/dossier/page.markdown" in before
    assert "broken-yaml.md" in before  # bad files are watched too: fixing one is a change
    assert "lien-dehors.md" not in before and "tableau.tsv" not in before
    assert not any(path.startswith(".") for path in before)
    assert scan_files(messy, settings) == before
    (messy / "bon.md").write_text(GOOD + "Une ligne de plus.\n", encoding="utf-8")
    after = scan_files(messy, settings)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {"bon.md", "lien-dedans.md"}  # the link reads the same bytes


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "ferme.md"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    corpus = ingest_corpus(tmp_path, Settings())
    assert corpus.skipped[0].reason.startswith("illisible : ")
