"""`findit serve` as a user runs it: a waitress process on 127.0.0.1, optionally watching the corpus."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

FINDIT = Path(sys.executable).with_name("findit")


def start(*args: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Start `findit serve --port 0 …`; return the process and its base URL, read from its first line."""
    process = subprocess.Popen([str(FINDIT), "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if match:
            return process, match.group(1)
        if not line and process.poll() is not None:
            break
    process.kill()
    pytest.fail("findit serve did not announce its address")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
        stop(process)
    assert process.returncode == 0


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
        deadline = time.monotonic() + 120
        while get(base + "/api/search")[0] != 200:          # the first update builds the index
            assert time.monotonic() < deadline, "the index was never built"
            time.sleep(0.5)
        (settings.corpus / "vu.md").write_text(
            "---\ntitle: Rencontre des ornithorynques\ndate: 2024-06-01\n---\n\nLes ornithorynques du numérique.\n",
            encoding="utf-8")
        while "Rencontre des ornithorynques" not in get(base + "/?q=ornithorynques")[1]:
            assert time.monotonic() < deadline, "the new file never appeared"
            time.sleep(0.5)
    finally:
        stop(process)
