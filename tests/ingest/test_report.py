"""`findit check`: the data-quality report of an archive."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from findit.cli import cli
from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.ingest.report import build_report, format_report
from findit.settings import Settings
from helpers import CORPUS, SHARED_CORPORA

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = SHARED_CORPORA


def test_report_on_the_sample_archive():
    report = build_report(Settings(corpus=CORPUS))
    assert report["files"] == {"seen": 5, "with_documents": 5, "skipped": 0}
    assert report["documents"]["by_kind"] == {Kind.EVENT: 5, Kind.ARTICLE: 2, Kind.COVERAGE: 55, Kind.PAGE: 1}
    assert report["documents"]["total"] == 63
    groups = report["duplicate_groups"]
    assert len(groups) == 1
    assert sorted(doc["source"][:3] for doc in groups[0]["documents"]) == ["000", "001"]
    assert [doc["source"][:3] for doc in report["no_title"]] == ["003"]
    flagged = {doc["source"][:3]: doc["flags"] for doc in report["other_flags"] if doc["kind"] != Kind.COVERAGE}
    assert "entrée de test laissée de côté : TEST - Adeline Celier" in flagged["004"]
    assert report["flags"]["entrée de test laissée de côté"] == 1
    # counted without their particulars (the words left out, the numbers)
    assert report["flags"]["charabia tapé au clavier laissé de côté"] == 2
    assert report["flags"]["N paragraphe(s) répété(s) laissé(s) de côté"] == 1
    text = format_report(report, width=200)
    assert "Documents : 63" in text
    assert "Presse (coverage) : 55" in text
    assert "Groupes de doublons : 1" in text
    assert "TEST - Adeline Celier" in text


def test_cli_reports_bad_files_with_their_reasons(tmp_path):
    corpus = tmp_path / "archive"
    shutil.copytree(FIXTURES, corpus)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--corpus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    skipped = {item["source"]: item["reason"] for item in report["skipped"]}
    # Broken YAML and a duplicate key are read with a warning (they were skipped); what has no text, or
    # no known encoding, is skipped.
    assert set(skipped) == {"empty.md", "latin1.md"}
    assert report["skipped_by_reason"] == {"empty": 1, "not-utf8": 1}
    assert report["documents"]["total"] == 5
    warned = {item["source"] for item in report["warnings"]}
    assert warned == {"broken-yaml.md", "duplicate-key.md"}

    result = runner.invoke(cli, ["check", "--corpus", str(corpus)], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Avertissements (lus avec un repli) : 2" in result.output
    assert "duplicate-key.md : en-tête : clé « expertises » en double" in result.output
    assert "Traceback" not in result.output


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora is not here")
def test_report_on_the_shared_corpora():
    settings = Settings(corpus=SHARED)
    report = build_report(settings)
    corpus = ingest_corpus(SHARED, settings)
    content_files = {
        p.relative_to(SHARED).as_posix()
        for p in SHARED.rglob("*")
        if p.is_file() and p.suffix in (".md", ".markdown") and p.name != "SOURCES.md"
    }
    assert len(content_files) == 877
    sources = {doc.source for doc in corpus.documents}
    skipped = {item["source"] for item in report["skipped"]}
    # every file is documents or a reported reason, never both, never neither
    assert content_files <= sources | skipped
    assert not sources & skipped
    assert report["files"]["with_documents"] + report["files"]["skipped"] == report["files"]["seen"]
    # its duplicate key: the last value kept, with a warning (it was skipped before)
    assert "eig-site-v3/personnes__anne-lise-coudry.md" in {item["source"] for item in report["warnings"]}
    presse = [doc for doc in corpus.documents if doc.source == "eig-site-v3/presse.md"]
    coverage = [doc for doc in presse if doc.kind == Kind.COVERAGE]
    assert len(coverage) == 60 == report["documents"]["by_kind"][Kind.COVERAGE]
    assert all(doc.outlet and doc.year and doc.url.startswith("http") for doc in coverage)
    groups = {tuple(sorted(d["source"] for d in g["documents"])) for g in report["duplicate_groups"]}
    assert (
        "numerique-gouv/design-public-meetup-1.markdown",
        "numerique-gouv/design-public-meetup-number-1.markdown",
    ) in groups
    junk = {doc["source"] for doc in report["junk"]}
    assert {"numerique-gouv/evenements-2.md", "eig-site-v3/cookies.md"} <= junk
    drafts = {doc["source"] for doc in report["drafts"]}
    assert len(drafts) >= 15


def test_the_text_report_is_french_and_fits_the_terminal(tmp_path):
    corpus = tmp_path / "archive"
    shutil.copytree(FIXTURES, corpus)
    result = CliRunner().invoke(cli, ["check", "--corpus", str(corpus)], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Fichiers ignorés : 2" in lines and "Files:" not in result.output
    # Wrapped between words, continuation lines indented under their start.
    assert all(len(line) <= 60 or " " not in line.strip() for line in lines), [w for w in lines if len(w) > 60]
    start = next(i for i, line in enumerate(lines) if line.startswith("  broken-yaml.md : "))
    assert lines[start + 1].startswith("      ") and "repris clé par clé" in " ".join(
        " ".join(lines[start : start + 3]).split()
    )


def test_check_speaks_french_and_counts_skips_by_stable_codes(tmp_path):
    """The reasons, warnings and flags read in French; `skipped_by_reason` counts by codes that do not
    change with the wording."""
    corpus = tmp_path / "archive"
    corpus.mkdir()
    (corpus / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "vide.md").write_text("", encoding="utf-8")
    shutil.copy(FIXTURES / "broken-yaml.md", corpus / "casse.md")
    (corpus / "_brouillon.md").write_text("---\ntitle: Un brouillon\n---\nUn texte en chantier.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--corpus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["skipped_by_reason"] == {"binary": 1, "empty": 1}
    assert {item["source"]: item["reason"] for item in report["skipped"]} == {
        "image.md": "fichier binaire (octets NUL), pas du texte",
        "vide.md": "fichier vide",
    }
    assert set(report["flags"]) == {"en-tête", "brouillon"}

    result = runner.invoke(cli, ["check", "--corpus", str(corpus)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  image.md : fichier binaire (octets NUL), pas du texte" in lines
    assert "  vide.md : fichier vide" in lines
    warned = next(line for line in lines if line.startswith("  casse.md : "))
    # the parser's own words (PyYAML's) stand between the two
    assert warned.startswith("  casse.md : en-tête : YAML cassé (ligne 3) : ") and warned.endswith(
        " ; repris clé par clé : title, date"
    )
    assert (
        "  _brouillon.md : Un brouillon — brouillon : nom de fichier commençant par _, non publié par le site" in lines
    )
    assert "Langues : inconnue 2" in lines
    # None of the English ingestion used to print is left.
    for english in ("file", "front matter", "broken", "recovered", "left out", "not published", "binary", "unknown"):
        assert english not in result.output.split("\n", 1)[1], english  # after the corpus's path
