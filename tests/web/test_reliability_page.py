"""The page on a damaged index and under redirects a client steers: a French 503 saying what to run (as
the command line says it), and never a redirect to another host."""

from __future__ import annotations

import logging
import shutil

import pytest
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

from findit.settings import Settings
from findit.webapp import create_app


@pytest.fixture
def damaged_index(settings, tmp_path) -> Settings:
    """A copy of the session index whose largest segment file lost its second half."""
    index = tmp_path / "index"
    shutil.copytree(settings.index, index, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    segment = max((index / "current").resolve().glob("*.seg"), key=lambda p: p.stat().st_size)
    with open(segment, "r+b") as fh:
        fh.truncate(segment.stat().st_size // 2)
    return Settings(corpus=settings.corpus, index=index)


def test_a_truncated_index_gets_the_french_503_page_not_a_500(damaged_index, caplog):
    client = create_app({"FINDIT_SETTINGS": damaged_index, "TESTING": True}).test_client()
    with caplog.at_level(logging.WARNING):
        for _ in range(2):  # the second request is answered from what the first found
            page = client.get("/", query_string={"q": "numérique"})
            assert page.status_code == 503
            html = page.get_data(as_text=True)
            assert "L’index de recherche ne peut pas être lu" in html and "findit index --full" in html
            assert str(damaged_index.index) not in html
        api = client.get("/api/search", query_string={"q": "numérique"})
        assert api.status_code == 503 and "findit index --full" in api.get_json()["message"]
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
    assert any(".seg" in r.getMessage() for r in caplog.records), "the log says which file"


def test_the_page_is_back_once_the_index_is_rebuilt(damaged_index, make_indexer, client):
    total = client.get("/api/search").get_json()["total"]  # the session index, undamaged
    damaged = create_app({"FINDIT_SETTINGS": damaged_index, "TESTING": True}).test_client()
    assert damaged.get("/api/search").status_code == 503
    summary = make_indexer(damaged_index).update()  # `findit index` finds the damage and rebuilds
    assert summary.full and ".seg" in summary.repaired
    assert damaged.get("/api/search").get_json()["total"] == total


def test_redirects_never_point_to_another_host(client):
    for path in ("/doc//carto", "/api//search?q=a", "/intervenant//Jean", "/a-propos/"):
        response = client.get(path, headers={"Host": "evil.example"})
        location = response.headers.get("Location")
        if location is not None:
            assert location.startswith("/") and not location.startswith("//"), (path, location)
            assert "evil.example" not in location
    assert client.get("/api//search", headers={"Host": "evil.example"}).headers["Location"] == "/api/search"


def test_the_page_tells_the_operator_when_the_index_falls_behind(settings):
    from findit.index.watch import WatchStatus

    status = WatchStatus()
    client = create_app({"FINDIT_SETTINGS": settings, "FINDIT_WATCH_STATUS": status, "TESTING": True}).test_client()
    assert "n’est plus tenu à jour" not in client.get("/").get_data(as_text=True)
    status.fell_behind("watching stopped")
    assert "L’index n’est plus tenu à jour depuis le" in client.get("/").get_data(as_text=True)
    status.caught_up()
    assert "n’est plus tenu à jour" not in client.get("/").get_data(as_text=True)


def test_altered_bytes_found_while_reading_a_document_get_the_503_page(settings, tmp_path, caplog):
    """Bytes changed in place (same size): opening the index may succeed and a document's page be the
    first to read them; it gets the 503 page too, never a 500 with a traceback."""
    index = tmp_path / "index"
    shutil.copytree(settings.index, index, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    segment = max((index / "current").resolve().glob("*.seg"), key=lambda p: p.stat().st_size)
    # Where in the segment the stored documents are (their place differs from one build to the next).
    with FileStorage(str(segment.parent)).open_file(segment.name) as fh:
        parts = CompoundStorage(fh, use_mmap=False)._dir
        stored = next(part for name, part in parts.items() if name.endswith("._stored.col"))
    with open(segment, "r+b") as fh:
        fh.seek(stored["offset"] + stored["length"] // 2)
        fh.write(b"\xff" * 2048)
    healthy = create_app({"FINDIT_SETTINGS": settings, "TESTING": True}).test_client()
    ids = [hit["id"] for hit in healthy.get("/api/search", query_string={"limit": 100}).get_json()["hits"]]
    client = create_app({"FINDIT_SETTINGS": Settings(corpus=settings.corpus, index=index), "TESTING": True})
    client = client.test_client()
    with caplog.at_level(logging.WARNING):
        statuses = [client.get(f"/doc/{doc_id}").status_code for doc_id in ids]
        statuses.append(client.get("/", query_string={"q": "numérique"}).status_code)
    assert set(statuses) <= {200, 503} and 503 in statuses, statuses
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
