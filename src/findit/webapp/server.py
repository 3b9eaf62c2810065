"""`serve()`: the app under waitress, optionally keeping the index up to date in a thread beside it.

Slow or idle clients must not lock others out: waitress's defaults (100 connections, a connection idle
for 120 s before it is closed, no limit on the time a request takes to arrive) let about 100 connections
that send half a request make every other one wait. The server accepts more connections (polling, not
select(), so that more than 1024 file descriptors work), closes idle ones sooner, and closes a connection
whose request has not fully arrived within Settings.server_request_seconds, however slowly it trickles.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from findit.settings import Settings
from findit.webapp.app import create_app

# How long the watcher thread may take to stop once asked (it stops between chunks of documents).
WATCHER_STOP_SECONDS = 30.0
# How often the server looks for connections to close (idle, or too slow to send their request).
CLEANUP_SECONDS = 1
# Request threads per core, and at most: a thread waits on the network and the disk part of its time, and each
# holds one index reader (findit.webapp.service), so more than a few per core would only cost memory.
THREADS_PER_CORE = 2
MAX_THREADS = 16

log = logging.getLogger("findit.server")


def server_threads() -> int:
    """waitress's request threads: sized to the cores this process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(2, min(MAX_THREADS, THREADS_PER_CORE * cores))


def make_server(
    app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int | None = None, settings: Settings | None = None
):
    """A waitress server for `app` (port 0: any free port; see `server.effective_port`), with the limits
    of `settings` (by default the app's) and `threads` request threads (by default server_threads())."""
    from waitress.channel import HTTPChannel
    from waitress.server import create_server

    class TimedChannel(HTTPChannel):
        """A connection that knows since when the request it is receiving has been arriving."""

        request_started = 0.0

        def received(self, data):
            if self.request is None:  # these bytes begin a request
                self.request_started = time.time()
            return super().received(data)

    settings = settings or app.extensions["findit"].settings
    connections = _allow_descriptors(settings.server_connections)
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads or server_threads(),
        ident="findit",
        connection_limit=connections,
        channel_timeout=settings.server_idle_seconds,
        # A bound under a second (tests) is checked at every turn of the server's loop.
        cleanup_interval=min(CLEANUP_SECONDS, int(settings.server_request_seconds)),
        asyncore_use_poll=True,
        max_request_header_size=64 * 1024,  # a page's URL with every filter fits many times over
        max_request_body_size=1024 * 1024,  # the page and its API take no body
    )
    server.channel_class = TimedChannel
    _bound_request_time(server, settings.server_request_seconds)
    return server


def _allow_descriptors(connections: int) -> int:
    """Raise this process's limit on open files for `connections` sockets, if the system allows; the number
    of connections it does allow (a few descriptors kept for files and the listening socket)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 64
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            soft = new
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return connections
    return max(16, min(connections, soft - 64))


def _bound_request_time(server, seconds: float) -> None:
    """Close connections whose request has been arriving for longer than `seconds`. waitress only closes
    idle connections, and one that sends a byte now and then is never idle."""
    maintenance = server.maintenance

    def bounded(now: float) -> None:
        maintenance(now)
        for channel in list(server.active_channels.values()):
            request = channel.request  # the request being received, None between requests
            if request is None or request.completed or channel.will_close:
                continue
            if now - getattr(channel, "request_started", now) > seconds:
                log.warning("connexion de %s fermée : sa requête a mis plus de %s s à arriver", channel.addr, seconds)
                channel.will_close = True

    server.maintenance = bounded


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, watch: bool = False, announce=print) -> None:
    """Serve the page with waitress until interrupted; with `watch`, keep the index up to date too."""
    from findit.index.watch import WatchStatus
    from findit.webapp.memory import return_large_blocks

    return_large_blocks()
    status = WatchStatus() if watch else None
    app = create_app({"FINDIT_SETTINGS": settings, "FINDIT_WATCH_STATUS": status})
    stop = threading.Event()
    watcher = None
    if status is not None:
        watcher = threading.Thread(
            target=_watch, args=(settings, stop, announce, status), name="findit-watch", daemon=True
        )
        watcher.start()
    server = make_server(app, host, port, settings=settings)
    try:
        # Inside the try: a Ctrl-C or SIGTERM right after the first line still stops cleanly.
        announce(f"findit : page de recherche sur http://{host}:{server.effective_port}/ (Ctrl-C pour arrêter)")
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()
        app.extensions["findit"].close()  # its readers, janitor and search processes
        if watcher is not None:
            # An update in progress stops at its next chunk (Indexer.stop) and ends its workers.
            watcher.join(WATCHER_STOP_SECONDS)


def _watch(settings: Settings, stop: threading.Event, announce, status) -> None:
    """The watcher, started again after a pause if it ever fails as a whole (it retries its own failures):
    the page would otherwise serve an index that silently stops following the corpus."""
    from findit.index.watch import Backoff, Watcher

    backoff = Backoff(settings.watch_retry_seconds, settings.watch_retry_max_seconds)
    while not stop.is_set():
        try:
            Watcher(settings, report=announce, status=status).run(stop_event=stop)
            return
        except Exception as exc:  # noqa: BLE001 - the page keeps serving the last good index meanwhile
            delay = backoff.next()
            status.fell_behind(f"{type(exc).__name__}: {exc}")
            announce(
                f"findit : la surveillance du corpus s'est arrêtée ({type(exc).__name__}: {exc}) ; "
                f"l'index n'est plus tenu à jour ; nouvel essai dans {delay:.0f} s"
            )
            stop.wait(delay)
