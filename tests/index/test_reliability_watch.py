"""`findit watch` never stops watching: a full disk is reported, leaves the lock to others and is retried
until the update goes through; a file name watchfiles cannot decode stops watching only for a moment."""

from __future__ import annotations

import os
import signal

from findit.index import WriterLock, open_index
from helpers import FINDIT, Child, wait_until


def sources(settings) -> set[str]:
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        return {fields["source"] for fields in searcher.documents()}


def next_line(child: Child, after: int, predicate, timeout: float = 30.0) -> str | None:
    """The first line printed after the first `after` lines for which `predicate` is true."""
    found: list[str] = []

    def seen() -> bool:
        found[:] = [line for line in child.lines()[after:] if predicate(line)][:1]
        return bool(found) or not child.running()

    wait_until(seen, timeout)
    return found[0] if found else None


def test_watch_survives_a_full_disk_and_a_name_it_cannot_decode(corpus_copy, small_disk, make_settings, make_indexer):
    settings = make_settings(corpus_copy, small_disk.path / "index")
    make_indexer(settings).update()
    args = [str(FINDIT), "watch", "--corpus", str(corpus_copy), "--index", str(settings.index)]
    with Child(args) as watch:
        assert watch.wait_for_line(lambda line: "surveillance de" in line), watch.output()

        # A full disk: the update fails with the reason, the lock is not kept, and it is tried again.
        small_disk.fill()
        mark = len(watch.lines())
        (corpus_copy / "copie.txt").write_bytes((corpus_copy / "000_98ce0e2674971981.txt").read_bytes())
        failed = next_line(watch, mark, lambda line: "non mis à jour" in line)
        assert failed and "No space left on device" in failed and "nouvel essai" in failed, watch.output()
        with WriterLock(settings.index, wait=10):
            pass  # a manual run would get it too
        small_disk.free()
        assert next_line(watch, mark, lambda line: "de nouveau à jour" in line), watch.output()
        # That update's summary line comes after « de nouveau à jour »: the next part reads the lines after it.
        assert next_line(watch, mark, lambda line: "1 ajouté" in line), watch.output()
        assert "copie.txt" in sources(settings)

        # A name watchfiles cannot decode: watching stops, says so, and starts again.
        mark = len(watch.lines())
        bad = os.path.join(os.fsencode(corpus_copy), b"caf\xe9.md")
        with open(bad, "wb") as fh:
            fh.write(b"---\ntitle: Caf\xe9\n---\nLatin-1.\n")
        assert next_line(watch, mark, lambda line: "surveillance arrêtée" in line), watch.output()
        os.unlink(bad)  # its name is ingestion's business; here, watching must resume
        assert next_line(watch, mark, lambda line: "surveillance de" in line and "reprise" in line), watch.output()
        (corpus_copy / "copie-2.txt").write_bytes((corpus_copy / "001_ac9834d0cae423d6.txt").read_bytes())
        assert next_line(watch, mark, lambda line: "1 ajouté" in line), watch.output()
        assert "copie-2.txt" in sources(settings)

        watch.process.send_signal(signal.SIGINT)
        assert watch.wait(30) == 0, watch.output()
    assert "Traceback" not in watch.output()
