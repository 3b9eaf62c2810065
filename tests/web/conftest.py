"""The search page's fixtures: the Flask app over the session index, its test client, an archive with
hostile content (markup in titles and text) and a draft, indexed once; for the browser tests, the app
under waitress on a free port and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from findit.settings import Settings
from findit.webapp import create_app, make_server
from helpers import CORPUS, copy_tree

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Entities and a code span: the markdown reader turns them back into literal markup in the text.
HOSTILE_FILE = """---
title: Atelier &lt;script&gt;alert("titre")&lt;/script&gt; piégé
date: 2021-03-04
tags:
- "&lt;b&gt;balise&lt;/b&gt;"
- sécurité
---

Un texte piégé : `<script>alert('corps')</script>` et &lt;img src=x onerror=alert(1)&gt; dans le corps.

Second paragraphe sur la sécurité des formulaires.
"""

DRAFT_FILE = """---
title: Brouillon du séminaire des cartographes
published: false
date: 2022-02-02
---

Un séminaire des cartographes, pas encore publié.
"""


@pytest.fixture(scope="session")
def app(settings):
    return create_app({"FINDIT_SETTINGS": settings, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def seeded_settings(base: Path, session_index_dir: Path) -> Settings:
    """Settings for a copy of the corpus in `base`, its analysis cache seeded from the session index so
    that only new documents need spaCy."""
    corpus = copy_tree(CORPUS, base / "corpus")
    index = base / "index"
    if (session_index_dir / "cache").is_dir():
        shutil.copytree(session_index_dir / "cache", index / "cache")
    return Settings(corpus=corpus, index=index)


@pytest.fixture
def fresh_settings(tmp_path, indexed, session_index_dir):
    """Settings for a writable copy of the corpus with no index yet (analysis cache seeded)."""
    return seeded_settings(tmp_path, session_index_dir)


@pytest.fixture(scope="session")
def hostile_settings(tmp_path_factory, indexed, session_index_dir, new_indexer) -> Settings:
    settings = seeded_settings(tmp_path_factory.mktemp("hostile"), session_index_dir)
    (settings.corpus / "piege.md").write_text(HOSTILE_FILE, encoding="utf-8")
    (settings.corpus / "brouillon.md").write_text(DRAFT_FILE, encoding="utf-8")
    new_indexer(settings).update()
    return settings


@pytest.fixture(scope="session")
def hostile_client(hostile_settings):
    return create_app({"FINDIT_SETTINGS": hostile_settings, "TESTING": True}).test_client()


@pytest.fixture(scope="session")
def base_url(settings):
    """The page over the session index, served by waitress on a free port for the whole run."""
    server = make_server(create_app({"FINDIT_SETTINGS": settings}), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, name="findit-test-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.task_dispatcher.shutdown()
    server.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for the run's browser tests."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (run `make browser`)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
