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
