"""An Ingester kept alive (as `findit watch` keeps one) gives what a fresh ingestion gives."""

import shutil

from findit.ingest import Ingester, ingest_corpus
from findit.settings import Settings
from helpers import CORPUS


def dump(corpus):
    return [d.to_dict() for d in corpus.documents], [(s.source, s.reason, s.code) for s in corpus.skipped]


def test_reingesting_after_changes_matches_a_fresh_ingestion(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    settings = Settings(corpus=root)
    ingester = Ingester(settings)
    first = ingester.ingest(root)
    assert dump(first) == dump(ingest_corpus(root, settings))
    assert first.documents[0].duplicate_group  # 000 and 001: one event announced twice

    seed = next(root.glob("001_*"))
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Atelier « Histoire(s)", "Atelier « Récit(s)"), encoding="utf-8"
    )
    next(root.glob("003_*")).unlink()
    (root / "nouveau.md").write_text("---\n[\n---\n", encoding="utf-8")  # nothing readable
    second = ingester.ingest(root)
    assert dump(second) == dump(ingest_corpus(root, settings))
    titles = {d.source[:3]: d.title for d in second.documents}
    assert titles["000"] == "Atelier « Histoire(s) d’algorithmes »"
    assert titles["001"].startswith("Atelier « Récit(s)")
    assert "003" not in titles
    assert [s.source for s in second.skipped] == ["nouveau.md"]
    # the documents no change touched are given as they were, without being made again; the run names
    # the others (000 was a near-duplicate of 001 before its edit)
    before = {d.source: d for d in first.documents}
    again = {d.source[:3] for d in second.documents if d.source in before and d is before[d.source]}
    assert again == {"000", "002", "004"}
    assert {d.source[:3] for d in second.documents if d.id in second.changed} == {"000", "001"}


def test_a_fresh_ingester_reads_the_store_and_parses_only_what_changed(tmp_path):
    from findit.ingest.parsestore import ParseStore

    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    (root / "vide.md").write_text("", encoding="utf-8")  # a skip is stored too, its code with it
    settings = Settings(corpus=root)
    first = Ingester(settings, ParseStore(tmp_path / "index", "p1"))
    expected = dump(first.ingest(root))
    assert expected[1] == [("vide.md", "fichier vide", "empty")]
    assert first.parsed == len(list(root.iterdir()))

    # a new process: what the store gives equals a fresh parse, and nothing is parsed again
    again = Ingester(settings, ParseStore(tmp_path / "index", "p1"))
    assert dump(again.ingest(root)) == expected == dump(ingest_corpus(root, settings))
    assert again.parsed == 0

    seed = next(root.glob("001_*"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
    third = Ingester(settings, ParseStore(tmp_path / "index", "p1"))
    assert dump(third.ingest(root)) == dump(ingest_corpus(root, settings))
    assert third.parsed == 1

    # another program fingerprint: the store is emptied, everything parsed again
    other = Ingester(settings, ParseStore(tmp_path / "index", "p2"))
    other.ingest(root)
    assert other.parsed == len(list(root.iterdir()))


def test_an_ingester_kept_alive_keeps_the_store_in_step_with_the_folder(tmp_path, monkeypatch):
    from findit.ingest import corpus as corpus_module
    from findit.ingest.parsestore import ParseStore

    monkeypatch.setattr(corpus_module, "STORE_BATCH", 2)  # written in several batches, as a large archive is
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    settings = Settings(corpus=root)
    ingester = Ingester(settings, ParseStore(tmp_path / "index", "p1"))
    ingester.ingest(root)
    assert sorted(ParseStore(tmp_path / "index", "p1").load()) == sorted(p.name for p in root.iterdir())

    # the same process again (findit watch): one file changed, one gone, one new
    seed = next(root.glob("001_*"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
    next(root.glob("003_*")).unlink()
    (root / "nouveau.md").write_text("---\ntitle: Nouveau\n---\nUn texte nouveau.\n", encoding="utf-8")
    ingester.ingest(root)
    assert ingester.parsed == 2
    assert sorted(ParseStore(tmp_path / "index", "p1").load()) == sorted(p.name for p in root.iterdir())

    # a new process finds every file in the store, as it is now
    fresh = Ingester(settings, ParseStore(tmp_path / "index", "p1"))
    assert dump(fresh.ingest(root)) == dump(ingest_corpus(root, settings))
    assert fresh.parsed == 0


def test_an_unchanged_file_whose_names_another_file_respelt_is_hashed_again(tmp_path):
    """Spellings are settled across the archive: an edit to one file can change another file's names, and
    with them what analysis reads of it (its content hash)."""
    root = tmp_path / "corpus"
    root.mkdir()
    page = "---\ntitle: {title}\ndate: 2024-0{n}-01\norganisations: [{org}]\n---\nUne rencontre sur les données.\n"
    for n, org in ((1, "INSEE"), (2, "INSEE"), (3, "Insee"), (4, "Etalab")):
        (root / f"{n}.md").write_text(page.format(title=f"Rencontre {n}", n=n, org=org), encoding="utf-8")
    settings = Settings(corpus=root)
    ingester = Ingester(settings)
    before = {d.source: d for d in ingester.ingest(root).documents}
    assert before["2.md"].organisations == ["INSEE"]

    (root / "1.md").write_text(page.format(title="Rencontre 1", n=1, org="Insee"), encoding="utf-8")
    after = {d.source: d for d in ingester.ingest(root).documents}
    fresh = {d.source: d for d in ingest_corpus(root, settings).documents}
    assert after["2.md"].organisations == fresh["2.md"].organisations == ["Insee"]
    assert after["2.md"].content_hash == fresh["2.md"].content_hash != before["2.md"].content_hash
    assert after["4.md"].content_hash == fresh["4.md"].content_hash == before["4.md"].content_hash
