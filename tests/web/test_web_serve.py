"""`findit serve` as a user runs it: a waitress process on 127.0.0.1, optionally watching the corpus."""

from __future__ import annotations

import json
import re
import signal
import urllib.error
import urllib.request

import pytest

from helpers import FINDIT, Child, wait_until


def start(*args: str, env: dict | None = None) -> tuple[Child, str]:
    """Start `findit serve --port 0 …`; return the process and its base URL, read from its first line."""
    process = Child([str(FINDIT), "serve", "--port", "0", *args], env=env)
    line = process.wait_for_line(lambda text: re.search(r"http://127\.0\.0\.1:\d+/", text))
    if line is None:
        process.kill()
        pytest.fail(f"findit serve did not announce its address:\n{process.output()}")
    return process, re.search(r"(http://127\.0\.0\.1:\d+)/", line).group(1)


def stop(process: Child, how: int = signal.SIGINT) -> int:
    process.process.send_signal(how)
    return process.wait(30)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_answers_on_localhost(settings):
    process, base = start("--index", str(settings.index))
    try:
        status, html = get(base + "/?q=algorithmes")
        assert status == 200 and "résultat" in html and "<mark>" in html
        status, body = get(base + "/api/search?q=algorithmes")
        assert status == 200 and json.loads(body)["total"] >= 1
        assert get(base + "/doc/inconnu")[0] == 404
        assert get(base + "/static/dsfr/dsfr.min.css")[0] == 200
    finally:
        assert stop(process) == 0


def test_serve_without_an_index_explains_itself(tmp_path):
    process, base = start("--index", str(tmp_path / "index"))
    try:
        status, html = get(base + "/")
        assert status == 503 and "findit index" in html
    finally:
        stop(process)


def test_serve_watch_indexes_new_files_while_serving(fresh_settings):
    settings = fresh_settings
    process, base = start("--index", str(settings.index), "--corpus", str(settings.corpus), "--watch")
    try:
        # The first update builds the index.
        assert wait_until(lambda: get(base + "/api/search")[0] == 200, 120, interval=0.2), process.output()
        (settings.corpus / "vu.md").write_text(
            "---\ntitle: Rencontre des ornithorynques\ndate: 2024-06-01\n---\n\nLes ornithorynques du numérique.\n",
            encoding="utf-8",
        )
        assert wait_until(
            lambda: "Rencontre des ornithorynques" in get(base + "/?q=ornithorynques")[1], 60, interval=0.2
        ), process.output()
    finally:
        stop(process)


def test_serve_stops_on_sigterm_with_its_watcher(fresh_settings):
    """As a service manager stops it: promptly, exit status 0, nothing left running."""
    settings = fresh_settings
    process, base = start("--index", str(settings.index), "--corpus", str(settings.corpus), "--watch")
    assert wait_until(lambda: get(base + "/api/search")[0] == 200, 120, interval=0.2), process.output()
    assert stop(process, signal.SIGTERM) == 0
    assert "Traceback" not in process.output()
