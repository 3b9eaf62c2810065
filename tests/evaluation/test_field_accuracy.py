"""The judged field samples and the field-accuracy command: the samples load, their keys name documents,
and `findit check --accuracy` measures a small archive end to end (real ingest, real spaCy)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from findit.cli.check import check
from findit.documents import Document
from findit.evaluation.fieldaccuracy import Resolver, measure, names_match
from findit.evaluation.fieldsample import load_sample, load_samples, samples_dir
from findit.ingest.corpus import ingest_corpus
from findit.settings import Settings

SAMPLES = sorted(samples_dir().glob("*.json"))


def test_the_shipped_samples_cover_six_corpora_with_held_out_parts():
    samples = load_samples()
    assert len({(s.corpus, s.site) for s in samples}) >= 6
    for sample in samples:
        entries = [*sample.documents, *sample.stated, *sample.extracted]
        assert any(e.heldout for e in entries) and not all(e.heldout for e in entries), sample.name


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_key_of_a_sample_names_one_document(path):
    sample = load_sample(path)
    if not sample.corpus.is_dir():
        pytest.skip(f"{sample.corpus} is absent")
    resolver = Resolver(ingest_corpus(sample.corpus, Settings(corpus=sample.corpus)).documents)
    unresolved = [k for k in sample.keys() if resolver.find(k) is None]
    assert not unresolved
    if sample.site:
        assert all(k.source.startswith(sample.site + "/") for k in sample.keys())


def test_names_match_folds_and_accepts_an_acronym_inside_its_long_form():
    assert names_match("Eric Mauvière", "Éric MAUVIERE")
    assert names_match("DINUM", "Direction interministérielle du numérique (DINUM)")
    assert not names_match("Lino Galiana", "Romain Lesur")
    assert not names_match("Insee", "")


def _doc(source: str, **kw) -> Document:
    return Document(id=source, kind=kw.pop("kind", "article"), title=kw.pop("title", "T"), body="", source=source, **kw)


def test_measure_counts_fields_recall_and_precision_by_part(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "corpus": str(tmp_path),
                "documents": [
                    {"source": "a.md", "expected": {"kind": "event", "title": "T", "date": "2022-05"}},
                    {"source": "b.md", "expected": {"kind": "page"}, "heldout": True},
                    {"source": "nowhere.md", "expected": {"kind": "page"}},
                ],
                "stated": [{"source": "a.md", "speakers": ["Ada Lovelace", "Alan Turing"], "organisations": []}],
                "extracted": [
                    {"source": "b.md", "field": "speakers", "name": "Salle D", "right": False, "heldout": True},
                    {"source": "b.md", "field": "speakers", "name": "Gone Name", "right": False, "heldout": True},
                ],
            }
        )
    )
    sample = load_sample(path)
    docs = [
        _doc("a.md", kind="event", date=dt.date(2022, 5, 1), date_precision="month"),
        _doc("b.md", kind="article"),
    ]
    names = {
        "a.md": {"speakers": ["Ada LOVELACE", "Apache Maven"], "organisations": []},
        "b.md": {"speakers": ["Salle D"], "organisations": []},
    }
    result = measure(sample, docs, names)
    assert result.missing == ["nowhere.md"]
    assert (result.scores[("tuning", "date")].right, result.scores[("tuning", "date")].total) == (1, 1)
    assert result.scores[("heldout", "kind")].right == 0
    assert (result.scores[("tuning", "speakers.recall")].right, result.scores[("tuning", "speakers.recall")].total) == (
        1,
        2,
    )
    assert result.scores[("tuning", "speakers.precision")].ratio == 0.5
    # The judged name no longer extracted drops out; the one still extracted counts, in the held-out part.
    assert (
        result.scores[("heldout", "speakers.precision")].right,
        result.scores[("heldout", "speakers.precision")].total,
    ) == (0, 1)


def _fixture(tmp_path: Path, key: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "atelier.md").write_text(
        "---\ntitle: Atelier données ouvertes\ndate: 2022-03-01\nspeakers:\n  - Camille Martin\n"
        "organisations:\n  - Insee\n---\nUn atelier sur les données ouvertes, animé par Camille Martin.\n",
        encoding="utf-8",
    )
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "fixture.json").write_text(
        json.dumps(
            {
                "corpus": str(corpus),
                "documents": [{"source": key, "expected": {"title": "Atelier données ouvertes", "date": "2022-03-01"}}],
                "stated": [
                    {"source": key, "speakers": ["Camille Martin"], "organisations": ["Insee"], "heldout": True}
                ],
            }
        ),
        encoding="utf-8",
    )
    (samples / "absent.json").write_text(json.dumps({"corpus": str(tmp_path / "no-such-folder")}), encoding="utf-8")
    return samples


def test_accuracy_command_prints_the_table_and_skips_absent_corpora(tmp_path):
    samples = _fixture(tmp_path, "atelier.md")
    out = CliRunner().invoke(check, ["--accuracy", "--samples", str(samples)])
    assert out.exit_code == 0, out.output
    rows = {tuple(line.split()[:2]): line for line in out.stdout.splitlines()}
    assert "1.00 (1/1)" in rows[("fixture", "tuning")]
    assert "1.00 (1/1)" in rows[("fixture", "heldout")]
    assert "absent : ignoré" in out.stderr
    # each sample is named on stderr as it starts: the command reads whole corpora
    assert "fixture…" in out.stderr


def test_accuracy_refuses_a_corpus_folder_it_would_not_read(tmp_path):
    # Each judged sample names its own corpus: --corpus would be ignored, so it is refused, at once.
    samples = _fixture(tmp_path, "atelier.md")
    out = CliRunner().invoke(check, ["--accuracy", "--corpus", str(tmp_path), "--samples", str(samples)])
    assert out.exit_code == 2
    assert "--corpus ne s'y applique pas" in out.output


def test_accuracy_command_fails_on_a_key_that_names_no_document(tmp_path):
    samples = _fixture(tmp_path, "missing.md")
    out = CliRunner().invoke(check, ["--accuracy", "--samples", str(samples)])
    assert out.exit_code == 1
    assert "missing.md" in out.stderr
