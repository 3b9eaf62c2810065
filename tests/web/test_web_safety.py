"""Hostile content, hostile requests, bounds, a missing index, and a rebuild under a running page."""

from __future__ import annotations

import re
import threading

from findit.settings import Settings
from findit.webapp import create_app
from findit.webapp.app import safe_url


def text(response) -> str:
    return response.get_data(as_text=True)


def test_markup_in_a_document_is_shown_as_text(hostile_client):
    data = hostile_client.get("/api/search", query_string={"q": "piégé"}).get_json()
    hit = next(h for h in data["hits"] if h["title"].endswith("piégé"))
    for url in ("/?q=piégé", f"/doc/{hit['id']}", "/?q=sécurité&tag=<b>balise</b>"):
        html = text(hostile_client.get(url))
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and "<b>balise</b>" not in html, url
    assert hit["title"] == 'Atelier <script>alert("titre")</script> piégé'
    assert "<b>balise</b>" in hit["tags"]
    page = text(hostile_client.get(f"/doc/{hit['id']}"))
    assert "Atelier &lt;script&gt;alert(&#34;titre&#34;)&lt;/script&gt; piégé" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    results = text(hostile_client.get("/?q=piégé"))
    # The snippet keeps its <mark> (the one field rendered as HTML) and escapes everything else.
    snippet = re.search(r'<p class="hit__snippet[^"]*">(.*?)</p>', results, re.S).group(1)
    assert "<mark>" in snippet and "&lt;" in snippet
    assert not re.search(r"<(?!/?mark>)", snippet)


def test_markup_in_the_query_is_shown_as_text(client):
    query = '<script>alert("q")</script>'
    for url in ("/", "/api/search"):
        response = client.get(url, query_string={"q": query, "tag": query, "speaker": query})
        assert response.status_code == 200
        assert "<script>alert" not in text(response) or url == "/api/search"
    html = text(client.get("/", query_string={"q": query, "tag": query}))
    assert "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;" in html
    # The JSON API returns the query as data, with the JSON content type (never rendered as HTML).
    response = client.get("/api/search", query_string={"q": query})
    assert response.mimetype == "application/json"
    assert response.get_json()["query"] == query


def test_only_web_addresses_become_links():
    assert safe_url("https://acteurspublics.fr/articles/x") == "https://acteurspublics.fr/articles/x"
    assert safe_url("http://example.org") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>",
        "/espace-presse",
        "//evil.example",
        "",
        None,
        "http://[::1",
    ):
        assert safe_url(bad) is None, bad


def test_pages_forbid_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", text(response)), "no inline script"
    assert not re.search(r'\sstyle="', text(response)), "no inline style"


def test_over_long_queries_and_wild_page_numbers_are_bounded(client, settings):
    long_query = "algorithmes " * 1000
    response = client.get("/", query_string={"q": long_query})
    assert response.status_code == 200
    html = text(response)
    assert f"raccourcie à {settings.max_query_chars} caractères" in html
    value = re.search(r'id="q" name="q" value="([^"]*)"', html).group(1)
    assert len(value) <= settings.max_query_chars
    for page in ("0", "-3", "abc", "1e9", str(10**30), "９"):
        response = client.get("/", query_string={"page": page})
        assert response.status_code == 200, page
        assert "Traceback" not in text(response)
    beyond = text(client.get("/", query_string={"page": settings.max_page}))
    assert "au-delà des résultats" in beyond and 'href="/">revenir à la première page' in beyond
    # The API refuses what `findit query` refuses (a 400 saying why), never answering another question.
    assert client.get("/api/search", query_string={"page": 10**9, "limit": 10**9}).status_code == 400
    assert client.get("/api/search", query_string={"limit": 10**9}).status_code == 400
    for params, api_status in (
        ({"year": "deux-mille"}, 400),
        ({"sort": "hasard"}, 400),
        ({"kind": "x" * 10_000}, 200),
        ({"inconnu": "1"}, 200),
        ({"year": ["2021"] * 500}, 200),
    ):
        assert client.get("/", query_string=params).status_code == 200, params
        assert client.get("/api/search", query_string=params).status_code == api_status, params


def test_request_paths_never_reach_the_file_system(client):
    for url in (
        "/static/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2F..%2Fpyproject.toml",
        "/doc/..%2F..%2Fpyproject.toml",
        "/intervenant/../../../etc/passwd",
        "/api/doc/%2e%2e",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "[project]" not in text(response) and "root:" not in text(response)


def test_no_index_gives_a_clear_french_page(tmp_path):
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")
    client = create_app({"FINDIT_SETTINGS": settings, "TESTING": True}).test_client()
    response = client.get("/", query_string={"q": "données"})
    assert response.status_code == 503
    assert "L’index de recherche n’est pas encore prêt" in text(response)
    assert "findit index" in text(response) and "Traceback" not in text(response)
    assert str(tmp_path) not in text(response)
    api = client.get("/api/search")
    assert api.status_code == 503 and "findit index" in api.get_json()["message"]
    assert client.get("/doc/quelque-chose").status_code == 503


def test_a_damaged_index_says_to_rebuild_it_not_that_there_is_none(settings, tmp_path):
    import shutil

    broken = tmp_path / "index"
    shutil.copytree(settings.index, broken, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    ((broken / "current").resolve() / "lemmas.json").write_text("{not json", encoding="utf-8")
    client = create_app(
        {"FINDIT_SETTINGS": Settings(corpus=settings.corpus, index=broken), "TESTING": True}
    ).test_client()
    response = client.get("/", query_string={"q": "données"})
    assert response.status_code == 503
    assert "findit index --full" in text(response) and "pas encore prêt" not in text(response)
    assert "Traceback" not in text(response)
    assert "findit index --full" in client.get("/api/search").get_json()["message"]


def test_a_new_index_appears_without_a_restart(fresh_settings, make_indexer):
    settings = fresh_settings
    client = create_app({"FINDIT_SETTINGS": settings, "TESTING": True}).test_client()
    assert client.get("/").status_code == 503  # nothing indexed yet
    make_indexer(settings).update()
    before = client.get("/api/search").get_json()["total"]
    assert before > 0
    (settings.corpus / "nouveau.md").write_text(
        "---\ntitle: Hackathon des zygomorphes\ndate: 2024-05-02\n---\n\nUn hackathon sur les zygomorphes.\n",
        encoding="utf-8",
    )
    make_indexer(settings).update()
    assert client.get("/api/search").get_json()["total"] == before + 1
    assert "Hackathon des zygomorphes" in text(client.get("/", query_string={"q": "zygomorphes"}))


def test_the_page_keeps_answering_during_a_full_rebuild(fresh_settings, make_indexer):
    settings = fresh_settings
    make_indexer(settings).update()
    app = create_app({"FINDIT_SETTINGS": settings, "TESTING": True})
    total = app.test_client().get("/api/search").get_json()["total"]
    errors: list[BaseException] = []

    def rebuild():
        try:
            for _ in range(3):
                make_indexer(settings).update(full=True)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=rebuild)
    worker.start()
    client = app.test_client()
    answers = 0
    while worker.is_alive() or answers < 5:
        response = client.get("/", query_string={"q": "numérique"})
        assert response.status_code == 200
        assert client.get("/api/search").get_json()["total"] == total
        answers += 1
    worker.join()
    assert not errors
    assert answers >= 5


def test_odd_queries_get_an_answer_not_an_error(client):
    for query in (
        "*",
        "((((",
        "titre:",
        "annee:2019..",
        '"',
        "ET OU SAUF",
        "-",
        "AND",
        "\x00abc",
        "\u202e",
        "tag:<script>",
        "l'",
        "qu’",
        "é" * 600,
    ):
        for url in ("/", "/api/search"):
            response = client.get(url, query_string={"q": query})
            assert response.status_code == 200, (url, query)
