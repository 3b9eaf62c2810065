"""`serve()`: the app under waitress, optionally keeping the index up to date in a thread beside it."""

from __future__ import annotations

import threading

from flask import Flask

from findit.settings import Settings
from findit.webapp.app import create_app

# How long the watcher thread may take to stop once asked (it stops between chunks of documents).
WATCHER_STOP_SECONDS = 30.0


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4):
    """A waitress server for `app` (port 0: any free port; see `server.effective_port`)."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="findit")


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, watch: bool = False, announce=print) -> None:
    """Serve the page with waitress until interrupted; with `watch`, keep the index up to date too."""
    app = create_app({"FINDIT_SETTINGS": settings})
    stop = threading.Event()
    watcher = None
    if watch:
        watcher = threading.Thread(target=_watch, args=(settings, stop, announce), name="findit-watch", daemon=True)
        watcher.start()
    server = make_server(app, host, port)
    try:
        # Inside the try: a Ctrl-C or SIGTERM right after the first line still stops cleanly.
        announce(f"findit : page de recherche sur http://{host}:{server.effective_port}/ (Ctrl-C pour arrêter)")
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()
        if watcher is not None:
            # An update in progress stops at its next chunk (Indexer.stop) and ends its workers.
            watcher.join(WATCHER_STOP_SECONDS)


def _watch(settings: Settings, stop: threading.Event, announce) -> None:
    from findit.index.watch import Watcher

    try:
        Watcher(settings, report=announce).run(stop_event=stop)
    except Exception as exc:  # noqa: BLE001 - the page keeps serving the last good index
        announce(f"findit : la surveillance du corpus s'est arrêtée ({exc})")
