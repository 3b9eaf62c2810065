"""Duplicate groups whose members sit in different index segments (an incremental update adds a re-post
of an older document): the group is still one result, and a member deleted since leaves no group."""

from __future__ import annotations

from whoosh.index import open_dir

from findit.index.schema import index_fields
from findit.search import Searcher
from findit.search.results import SearchRequest
from helpers import build_index, doc

ORIGINAL = doc(
    "orig",
    "Hackathon des communs",
    "Un hackathon sur les communs numériques.",
    kind="event",
    date="2019-05-01",
    duplicate_group="dup-communs",
)
REPOST = doc(
    "repost",
    "Hackathon des communs (rediffusion)",
    "Un hackathon sur les communs numériques.",
    kind="event",
    date="2020-05-01",
    duplicate_group="dup-communs",
)
ALONE = doc(
    "alone",
    "Atelier des communs",
    "Les communs numériques en atelier.",
    date="2021-01-01",
    duplicate_group="dup-atelier",
)
TWIN = doc(
    "twin",
    "Atelier des communs bis",
    "Les communs numériques en atelier.",
    date="2021-01-02",
    duplicate_group="dup-atelier",
)


def add_segment(settings, analyser, documents, delete_id=None):
    """One more segment, committed without merging (as a small incremental update leaves it)."""
    ix = open_dir(str(settings.index / "current"))
    analysed = analyser.analyse(documents)
    writer = ix.writer()
    for d in documents:
        writer.add_document(**index_fields(d, analysed[d.id]))
    if delete_id:
        writer.delete_by_term("id", delete_id)
    writer.commit(merge=False)
    assert len(ix.reader().leaf_readers()) > 1 or not documents


def test_a_group_split_over_segments_is_one_result(tmp_path, analyser):
    settings = build_index(tmp_path, [ORIGINAL, ALONE, TWIN], analyser)
    add_segment(settings, analyser, [REPOST], delete_id="twin")
    with Searcher(settings) as s:
        result = s.search(SearchRequest(query="hackathon"))
        assert [h.id for h in result.hits] == ["orig"] and result.hits[0].duplicates == 1
        years = {v.value: v.count for v in result.facets["year"]}
        # Facets count the version shown (the 2019 original), not the hidden 2020 re-post.
        assert years == {"2019": 1}
        # The twin was deleted: its former partner stands alone, with no other version.
        atelier = s.search(SearchRequest(query="atelier"))
        assert [(h.id, h.duplicates) for h in atelier.hits] == [("alone", 0)]
