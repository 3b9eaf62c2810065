"""The corpus-wide passes redone for a change only: an Ingester kept alive across random edits gives what a
fresh ingestion of the folder gives, and makes again only the documents a change touches."""

import random

from findit.ingest import Ingester, ingest_corpus
from findit.settings import Settings
from randomsite import PATHS, content, dump, edit


def test_a_kept_ingester_gives_what_a_fresh_one_gives_over_random_edits(tmp_path):
    rng = random.Random(20261206)
    root = tmp_path / "corpus"
    for path in PATHS:
        if rng.random() < 0.8:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(content(path, rng), encoding="utf-8")
    settings = Settings(corpus=root)
    ingester = Ingester(settings)
    previous = ingester.ingest(root)
    assert dump(previous) == dump(ingest_corpus(root, settings))
    remade, grouped = [], set()
    for _ in range(60):
        edit(root, rng, [1, 1, 1, 2, 3], unlink=0.25)
        corpus = ingester.ingest(root)
        assert dump(corpus) == dump(ingest_corpus(root, settings))
        # what the run calls unchanged is what the previous run gave
        before = {d.id: d.to_dict() for d in previous.documents}
        for doc in corpus.documents:
            if doc.id not in corpus.changed:
                assert before[doc.id] == doc.to_dict()
        remade.append(len(corpus.changed) / max(1, len(corpus.documents)))
        grouped.update(d.duplicate_group for d in corpus.documents)
        previous = corpus
    # the edits touch a file or three of a dozen: most documents are not made again
    assert sorted(remade)[len(remade) // 2] < 0.5
    # near-duplicate groups came and went (the same texts recur), and were settled for the change alone
    assert len(grouped - {""}) >= 3
    assert ingester.duplicates.sketched < len(PATHS)


def test_only_the_documents_a_respelling_touches_are_made_again(tmp_path):
    """A tag's spelling moves for every document holding it, and for no other."""
    root = tmp_path / "corpus"
    root.mkdir()
    page = "---\ntitle: Rencontre {n}\ndate: 2024-01-0{n}\ntags: [{tag}]\n---\nUne rencontre sur les données.\n"
    for n, tag in ((1, "INSEE"), (2, "INSEE"), (3, "Insee"), (4, "Etalab"), (5, "Dinum")):
        (root / f"{n}.md").write_text(page.format(n=n, tag=tag), encoding="utf-8")
    ingester = Ingester(Settings(corpus=root))
    first = {d.source: d for d in ingester.ingest(root).documents}
    assert first["3.md"].tags == ["INSEE"]

    (root / "1.md").write_text(page.format(n=1, tag="Insee"), encoding="utf-8")
    corpus = ingester.ingest(root)
    after = {d.source: d for d in corpus.documents}
    assert [after[f"{n}.md"].tags for n in (1, 2, 3)] == [["Insee"]] * 3
    assert {d.source for d in corpus.documents if d.id in corpus.changed} == {"1.md", "2.md", "3.md"}
    assert after["4.md"] is first["4.md"] and after["5.md"] is first["5.md"]


def test_an_id_made_unique_by_a_hash_that_another_file_has_for_slug_is_numbered(tmp_path):
    """Two files that slug alike get their slug and a hash; a third file named like one of those still
    shares it: both are numbered, kept ingester or fresh, and freed again when the third file goes."""
    root = tmp_path / "corpus"
    root.mkdir()
    page = "---\ntitle: {title}\n---\nUne page.\n"
    (root / "a.md").write_text(page.format(title="Un"), encoding="utf-8")
    (root / "a.markdown").write_text(page.format(title="Deux"), encoding="utf-8")
    settings = Settings(corpus=root)
    ingester = Ingester(settings)
    first = {d.source: d.id for d in ingester.ingest(root).documents}
    assert first["a.md"] != first["a.markdown"] and first["a.md"].startswith("a-")

    (root / f"{first['a.md']}.md").write_text(page.format(title="Trois"), encoding="utf-8")
    corpus = ingester.ingest(root)
    assert dump(corpus) == dump(ingest_corpus(root, settings))
    ids = [d.id for d in corpus.documents]
    assert len(set(ids)) == len(ids) and f"{first['a.md']}-1" in ids

    (root / f"{first['a.md']}.md").unlink()
    again = ingester.ingest(root)
    assert dump(again) == dump(ingest_corpus(root, settings))
    assert {d.source: d.id for d in again.documents} == first
