"""`findit serve` under abuse, with real sockets: slow clients cannot lock others out, a redirect never
names the host a client sent; and its watcher keeps watching, the page saying when it cannot."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from findit.index.watch import Watcher, WatchStatus
from findit.webapp import create_app, make_server
from helpers import FINDIT, Child, wait_until

BEHIND = "n’est plus tenu à jour"


def start(*args: str) -> tuple[Child, str, int]:
    """`findit serve --port 0 …`: the process, its base URL and port, read from its first line."""
    process = Child([str(FINDIT), "serve", "--port", "0", *args])
    line = process.wait_for_line(lambda text: re.search(r"http://127\.0\.0\.1:\d+/", text))
    if line is None:
        process.kill()
        pytest.fail(f"findit serve did not announce its address:\n{process.output()}")
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
    return process, f"http://127.0.0.1:{port}", port


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def raw(port: int, request: bytes) -> bytes:
    """What the server answers to these bytes (it closes the connection after them)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
        return data


def test_slow_clients_cannot_lock_others_out_and_redirects_stay_home(settings):
    process, base, port = start("--index", str(settings.index))
    slow: list[socket.socket] = []
    try:
        # 150 connections that sent half a request and wait (waitress's default let 100 lock everyone out).
        for _ in range(150):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: lent")
            slow.append(sock)
        started = time.monotonic()
        status, html = get(base + "/?q=algorithmes", timeout=5)
        assert status == 200 and "<mark>" in html and time.monotonic() - started < 5

        # A redirect Werkzeug builds (// merged) points to this site, whatever Host the client sent.
        answer = raw(port, b"GET /api//search HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 308"), answer[:200]
        assert re.search(rb"\r\nLocation: /api/search\r\n", answer), answer[:400]
    finally:
        for sock in slow:
            sock.close()
        process.process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0, process.output()
    assert "Traceback" not in process.output()


def test_the_page_says_when_watching_stops_and_when_it_is_back(corpus_copy, make_settings, make_indexer):
    """The watcher of `findit serve --watch` and the page, in this process (the model is the session's)."""
    settings = make_settings(corpus_copy, watch_retry_seconds=0.2)
    make_indexer(settings).update()
    status = WatchStatus()
    client = create_app({"FINDIT_SETTINGS": settings, "FINDIT_WATCH_STATUS": status, "TESTING": True}).test_client()
    lines: list[str] = []
    watcher = Watcher(settings, indexer=make_indexer(settings), report=lines.append, status=status)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop_event": stop})
    thread.start()
    try:
        assert wait_until(lambda: any(line.startswith("surveillance de") for line in lines)), lines
        assert BEHIND not in client.get("/").get_data(as_text=True)
        bad = os.path.join(os.fsencode(corpus_copy), b"caf\xe9.md")
        with open(bad, "wb") as fh:
            fh.write(b"---\ntitle: Caf\xe9\n---\nLatin-1.\n")
        assert wait_until(lambda: BEHIND in client.get("/").get_data(as_text=True)), lines
        os.unlink(bad)  # its name is ingestion's business; here, watching must resume
        assert wait_until(lambda: BEHIND not in client.get("/").get_data(as_text=True)), lines
        assert any("surveillance arrêtée" in line for line in lines) and any("reprise" in line for line in lines)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_a_request_trickling_in_is_cut_off(settings):
    """One byte now and then keeps a connection from being idle: the time a request may take to arrive
    is bounded on its own (here a fraction of a second, the server's own default being seconds)."""
    app = create_app({"FINDIT_SETTINGS": settings})
    server = make_server(app, port=0, settings=dataclasses.replace(settings, server_request_seconds=0.2))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as sock:
            started = time.monotonic()
            closed = False
            for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: " + b"a" * 100:
                try:
                    sock.sendall(bytes([byte]))
                    sock.settimeout(0.1)
                    closed = sock.recv(1024) == b""
                except TimeoutError:
                    continue
                except OSError:
                    closed = True
                if closed:
                    break
            assert closed and time.monotonic() - started < 5
        status, _ = get(f"http://127.0.0.1:{server.effective_port}/a-propos")
        assert status == 200  # others are served as before
    finally:
        server.close()
        thread.join(5)
