"""PDF: text in reading order, title and date; every bad PDF reported with its reason or read in part,
never a crash, a hang or an empty document. The PDFs are written by the test itself (makefiles.py)."""

import datetime as dt
from dataclasses import replace

import pytest
from makefiles import bomb_stream, image_only_page, write_pdf

from findit.documents import Kind, SkippedFile
from findit.ingest import ingest_corpus
from findit.ingest.formats import read
from findit.settings import Settings

LEFT = [(50, 700 - 14 * i, f"Gauche {i} : les données publiques au service des agents") for i in range(12)]
RIGHT = [(320, 700 - 14 * i, f"Droite {i} : les algorithmes publics expliqués") for i in range(12)]


def read_pdf(path, settings=None):
    return read(path.name, path.read_bytes(), settings or Settings())


def test_two_columns_are_read_column_by_column_with_title_and_date(tmp_path):
    head = [(50, 790, "Lettre des données", 22), (50, 770, "N°7 – novembre 2017"), (50, 750, "Éditorial")]
    path = write_pdf(
        tmp_path / "lettre n7.pdf", [[*head, *LEFT, *RIGHT]], info={"Title": "Microsoft Word - lettre7.docx"}
    )
    (doc,) = read_pdf(path)
    # the producer's title is no title: the largest line, with the issue line under it
    assert doc.title == "Lettre des données — N°7 – novembre 2017"
    assert (doc.date, doc.date_precision, doc.year) == (dt.date(2017, 11, 1), "month", 2017)
    assert doc.kind == Kind.ARTICLE  # "lettre" in its name: a newsletter
    assert doc.lang == "fr"
    body = doc.body
    # the whole left column comes before the right one, each line once
    assert body.index("Gauche 11") < body.index("Droite 0")
    assert all(body.count(f"Gauche {i} ") == 1 and body.count(f"Droite {i} ") == 1 for i in range(12))


def test_a_scan_without_text_is_reported_not_indexed_empty(tmp_path):
    content, resources, image = image_only_page()
    path = write_pdf(tmp_path / "scan.pdf", streams=[content], extra_resources=resources, extra_objects=[image])
    result = read_pdf(path)
    assert (
        isinstance(result, SkippedFile)
        and result.reason == "PDF numérisé sans couche texte (1 page(s)) : OCR nécessaire"
    )
    assert result.code == "scanned-pdf"


@pytest.mark.parametrize(
    "name, make, reason, code",
    [
        (
            "chiffre.pdf",
            lambda p: write_pdf(p, [[(50, 700, "Secret")]], encrypt=True),
            "PDF chiffré : ",
            "encrypted-pdf",
        ),
        (
            "casse.pdf",
            lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <<< >> endobj\ntrailer <<>>\n%%EOF"),
            "PDF illisible (",
            "bad-pdf",
        ),
        ("faux.pdf", lambda p: p.write_bytes(b"<html>not a pdf</html>"), "pas un PDF (", "not-pdf"),
    ],
)
def test_encrypted_and_corrupt_pdfs_are_reported(tmp_path, name, make, reason, code):
    path = tmp_path / name
    make(path)
    result = read_pdf(path)
    assert isinstance(result, SkippedFile) and result.reason.startswith(reason), result
    assert result.code == code


def test_a_pdf_bomb_hits_the_memory_limit_of_its_reader(tmp_path):
    path = write_pdf(tmp_path / "bombe.pdf", streams=[bomb_stream(300)])
    assert path.stat().st_size < 400_000  # 300 MB once inflated
    result = read_pdf(path, replace(Settings(), max_parse_memory_mb=200))
    assert isinstance(result, SkippedFile) and "demande plus de 200 Mo" in result.reason
    assert result.code == "pdf-memory"


def test_long_and_slow_pdfs_are_read_in_part_and_said_so(tmp_path):
    pages = [[(50, 700, f"Page {i} du rapport annuel sur les services publics")] for i in range(8)]
    (doc,) = read_pdf(write_pdf(tmp_path / "rapport.pdf", pages), replace(Settings(), max_pdf_pages=3))
    assert "Page 2 du rapport" in doc.body and "Page 3 du rapport" not in doc.body
    assert "PDF lu en partie : pages au-delà de la 3e laissées de côté" in doc.flags
    # 300 pages of text cannot be laid out in 0.6 s: stopped at the time limit, the pages read kept
    many = [[(50, 700 - 12 * j, f"Page {i}, ligne {j} du rapport") for j in range(40)] for i in range(300)]
    result = read_pdf(write_pdf(tmp_path / "long.pdf", many), replace(Settings(), max_seconds_per_file=0.6))
    if isinstance(result, SkippedFile):  # a slow machine may not finish one page before the limit
        assert "(la limite de temps)" in result.reason and result.code == "pdf-timeout"
    else:
        assert (
            any(f.startswith("PDF lu en partie (") and "(la limite de temps)" in f for f in result[0].flags)
            and "Page 0, ligne 0" in result[0].body
        )


def test_bad_pdfs_beside_good_files_stop_nothing(tmp_path):
    write_pdf(tmp_path / "bon.pdf", [[(50, 700, "Un bon document sur les données ouvertes", 16), *LEFT]])
    write_pdf(tmp_path / "chiffre.pdf", [[(50, 700, "Secret")]], encrypt=True)
    (tmp_path / "note.md").write_text("---\ntitle: Une note\n---\nLe texte de la note.\n", encoding="utf-8")
    corpus = ingest_corpus(tmp_path, Settings(corpus=tmp_path))
    assert {d.source for d in corpus.documents} == {"bon.pdf", "note.md"}
    assert [(s.source, s.code, "PDF chiffré" in s.reason) for s in corpus.skipped] == [
        ("chiffre.pdf", "encrypted-pdf", True)
    ]


def test_a_sentence_the_layout_spaced_over_several_boxes_is_one_paragraph(tmp_path):
    # Lines set far apart (as some reports and brochures space every line) are separate boxes to the layout
    # analysis; a sentence running on from one box to the next is still one paragraph.
    lines = [
        (50, 760, "Rapport sur les défis", 22),
        (50, 700, "Guillaume Martin et Anne Petit ont fait partie de la deuxième"),
        (50, 660, "promotion du programme. L'objectif : une démarche intéres-"),
        (50, 620, "sante pour les pompiers."),
        (50, 560, "SECOND DÉFI"),
        (50, 520, "Une phrase complète."),
        (50, 480, "la suite en minuscules après un point."),
    ]
    (doc,) = read_pdf(write_pdf(tmp_path / "rapport.pdf", [lines]))
    paragraphs = doc.body.split("\n\n")
    assert (
        "Guillaume Martin et Anne Petit ont fait partie de la deuxième promotion du programme. L'objectif : une "
        "démarche intéressante pour les pompiers."
    ) in paragraphs
    assert "SECOND DÉFI" in paragraphs
    # A box that ends a sentence stays a paragraph, whatever the next one opens with.
    assert "Une phrase complète." in paragraphs
    assert "la suite en minuscules après un point." in paragraphs
