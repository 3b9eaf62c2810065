"""The posting pool that pickles its runs in batches gives Whoosh's own pool's postings, in its order."""

import random

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term
from whoosh.writing import PostingPool

from findit.index.pool import BATCH, BatchedPool, open_writer


def postings(count: int, seed: int) -> list[tuple]:
    rng = random.Random(seed)
    words = [f"mot{n}".encode() for n in range(300)]
    return [
        (
            rng.choice(["body", "title", "tags"]),
            rng.choice(words),
            rng.randrange(5000),
            1.0,
            bytes([rng.randrange(256)]),
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("maxfiles", [128, 2])  # 2: more runs than files open at once, merged first
def test_same_postings_in_the_same_order_as_whooshs_pool(tmp_path, maxfiles):
    items = postings(6 * BATCH + 17, seed=maxfiles)
    results = []
    for pool_class, name in ((PostingPool, "stock"), (BatchedPool, "batched")):
        (tmp_path / name).mkdir()
        pool = pool_class(FileStorage(str(tmp_path / name)), None, limitmb=0.7)  # runs of 1 to 2 batches
        for item in items:
            pool.add(item)
        assert len(pool.runs) >= 4  # the postings went through runs on disk, not only memory
        assert len(items) / len(pool.runs) > BATCH  # runs of more than one batch
        results.append(list(pool.items(maxfiles=maxfiles)))
        assert not list((tmp_path / name).iterdir())  # every run file removed once read
    assert results[0] == results[1] == sorted(items)


def test_an_index_written_through_it_finds_its_words(tmp_path):
    ix = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), body=TEXT))
    writer = open_writer(ix, limitmb=0.05)
    assert isinstance(writer.pool, BatchedPool)
    for n in range(300):
        writer.add_document(id=f"d{n}", body=" ".join(f"mot{(n + k) % 7}" for k in range(3)) + f" seul{n}")
    assert len(writer.pool.runs) > 1
    writer.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 300
        found = {hit["id"] for hit in searcher.search(Term("body", "mot3"), limit=None)}
        assert found == {f"d{n}" for n in range(300) if 3 in {(n + k) % 7 for k in range(3)}}
        assert [hit["id"] for hit in searcher.search(Term("body", "seul123"))] == ["d123"]


def _documents(rng: random.Random, count: int, base: int) -> list[dict]:
    """Bodies of 1 to 3,000 words (one of 110,000: the largest length byte), titles and tags or none."""
    docs = []
    for n in range(count):
        doc = {"id": f"d{base + n}"}
        if n == 3 and base == 0:
            doc["body"] = " ".join(f"x{k % 100}" for k in range(110_000))
        elif rng.random() > 0.2:
            doc["body"] = " ".join(f"w{rng.randrange(50)}" for _ in range(rng.choice([1, 2, 5, 40, 300, 3000])))
        if rng.random() > 0.5:
            doc["title"] = " ".join(f"t{rng.randrange(9)}" for _ in range(rng.randrange(1, 4)))
        if rng.random() > 0.7:
            doc["tags"] = " ".join(f"k{rng.randrange(5)}" for _ in range(rng.randrange(1, 3)))
        docs.append(doc)
    return docs


def _written(folder, through_findit: bool) -> list:
    """Commits with merges, updates, deletions and an optimize; then every field length, every term's
    statistics (with the min and max lengths BM25's bounds read) and postings."""
    from whoosh.fields import KEYWORD

    rng = random.Random(5)
    folder.mkdir()
    schema = Schema(id=ID(stored=True, unique=True), body=TEXT(stored=True), title=TEXT, tags=KEYWORD(scorable=True))
    ix = FileStorage(str(folder)).create_index(schema)
    for round_ in range(4):
        writer = open_writer(ix, limitmb=1) if through_findit else ix.writer(limitmb=1)
        for doc in _documents(rng, 30, base=round_ * 30):
            writer.add_document(**doc)
        writer.update_document(**_documents(rng, 1, base=rng.randrange(round_ * 30 + 1))[0])
        writer.delete_by_term("id", f"d{rng.randrange(round_ * 30 + 1)}")
        writer.commit(merge=round_ % 2 == 1)
    (open_writer(ix) if through_findit else ix.writer()).commit(optimize=True)
    seen = []
    with ix.reader() as reader:
        for field in ("body", "title", "tags", "id"):
            seen += [reader.doc_field_length(docnum, field) for docnum in range(reader.doc_count_all())]
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            seen.append((field, text, info.weight(), info.doc_frequency(), info.min_length(), info.max_length()))
            seen.append(list(reader.postings(field, text).items_as("weight")))
    return seen


def test_a_segment_written_through_it_has_whooshs_own_lengths(tmp_path):
    # The field lengths are read once per field when the segment is written: the same index as Whoosh's.
    assert _written(tmp_path / "findit", True) == _written(tmp_path / "stock", False)


def test_the_lengths_read_once_answer_as_whooshs_reader(tmp_path):
    from whoosh.writing import SegmentWriter

    ix = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), body=TEXT, title=TEXT))
    writer = open_writer(ix)
    for doc in _documents(random.Random(2), 40, base=0):
        writer.add_document(**{k: v for k, v in doc.items() if k != "tags"})
    writer.perdocwriter.close()
    stock, once = SegmentWriter.per_document_reader(writer), writer.per_document_reader()
    for field in ("body", "title", "id", "nowhere"):
        for docnum in range(40):
            for default in (0, 7):
                expected = stock.doc_field_length(docnum, field, default)
                assert once.doc_field_length(docnum, field, default) == expected
                assert type(once.doc_field_length(docnum, field, default)) is type(expected)
    for docnum in (40, 41, -1):  # out of range: Whoosh's own answer, or its own error
        for field in ("body", "nowhere"):
            try:
                expected = ("value", stock.doc_field_length(docnum, field))
            except Exception as exc:  # noqa: BLE001 - whichever Whoosh raises, the same
                expected = ("error", type(exc))
            try:
                got = ("value", once.doc_field_length(docnum, field))
            except Exception as exc:  # noqa: BLE001
                got = ("error", type(exc))
            assert got == expected
    stock.close()
    once.close()
    writer.cancel()
