"""Paths that cannot be read as they are: a file name that is not UTF-8, a loop of symbolic links. Each is
skipped with its reason while the rest is read, and what is reported fits the manifest (JSON, UTF-8)."""

import json
import os

import pytest

from findit.index.manifest import build_manifest, document_fingerprint, plan_update
from findit.ingest import ingest_corpus, scan_files
from findit.ingest.report import build_report, format_report
from findit.settings import Settings

GOOD = "---\ntitle: Un bon fichier\n---\nUn texte lisible sur les services publics.\n"


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    (root / "C").mkdir(parents=True)
    (root / "bon.md").write_text(GOOD, encoding="utf-8")
    try:
        with open(os.path.join(os.fsencode(root), b"C/caf\xe9.md"), "wb") as fh:
            fh.write(GOOD.encode())
        os.mkdir(os.path.join(os.fsencode(root), b"dossier-\xff"))
    except OSError:  # a file system that refuses such names has no such files to read
        pytest.skip("this file system refuses names that are not UTF-8")
    (root / "C" / "a.md").symlink_to("b.md")
    (root / "C" / "b.md").symlink_to("a.md")
    (root / "boucle").symlink_to(root / "boucle")
    return root


def test_bad_names_and_link_loops_are_skipped_with_reasons_and_the_rest_is_read(archive):
    settings = Settings(corpus=archive)
    corpus = ingest_corpus(archive, settings)
    assert [doc.source for doc in corpus.documents] == ["bon.md"]
    why = {s.source: s.reason for s in corpus.skipped}
    # the name as the report and the manifest write it: its bad bytes as \xNN
    assert why["C/caf\\xe9.md"] == "nom de fichier qui n'est pas de l'UTF-8 valide (le renommer pour le lire)"
    assert why["dossier-\\xff"] == "nom de dossier qui n'est pas de l'UTF-8 valide : ses fichiers ne sont pas lus"
    assert why["C/a.md"] == why["C/b.md"] == why["boucle"] == "boucle de liens symboliques"
    assert set(scan_files(archive, settings)) == {"bon.md"}

    report = build_report(settings)
    assert "C/caf\\xe9.md : nom de fichier qui n'est pas de l'UTF-8 valide" in format_report(report)
    assert report["skipped_by_reason"] == {"link-loop": 3, "name-not-utf8": 2}
    json.dumps(report, ensure_ascii=False).encode("utf-8")  # no lone surrogate left anywhere

    # what the indexer writes from this corpus is JSON in UTF-8
    plan = plan_update({}, corpus)
    manifest = build_manifest(archive, scan_files(archive, settings), plan, toc=1, program="test")
    json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    assert all(document_fingerprint(doc) for doc in corpus.documents)
