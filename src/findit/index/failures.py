"""How an update fails: the error every failed run raises (`IndexerError`), the one for a failed disk or
file (`IndexWriteError`, naming the path and what to do), and undoing what a failed write left, so that
nothing half-written stays in the way of the next run (a nearly full disk would stay full)."""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

_TOC_TEMP = re.compile(r"^_MAIN_\d+\.toc\..+$")  # Whoosh writes a TOC under this name, then renames it


class IndexerError(Exception):
    """A run that could not go ahead; the index is left as it was."""


# What to do about a failed disk or file, by errno (the message names the path).
_ADVICE = {
    errno.ENOSPC: "libérez de la place sur ce disque, puis relancez `findit index`",
    errno.EDQUOT: "libérez de la place dans votre quota disque, puis relancez `findit index`",
    errno.EACCES: "donnez à cet utilisateur le droit d'y écrire (ou choisissez un autre dossier avec --index), puis relancez",
    errno.EPERM: "donnez à cet utilisateur le droit d'y écrire (ou choisissez un autre dossier avec --index), puis relancez",
    errno.EROFS: "ce disque est en lecture seule : choisissez un autre dossier avec --index",
    errno.EIO: "le disque a signalé une erreur d'entrée-sortie : vérifiez-le, puis lancez `findit index --full`",
}


class IndexWriteError(IndexerError):
    """The disk or a file failed the run (a full disk, a folder that may not be written): the message says
    which path and what to do. Whatever the run had half-written was removed; readers keep the index
    they had."""

    def __init__(self, exc: OSError, index_dir: Path):
        self.path = Path(exc.filename) if exc.filename else Path(index_dir)
        self.errno = exc.errno
        what = exc.strerror or str(exc) or type(exc).__name__
        advice = _ADVICE.get(exc.errno or 0, "vérifiez ce disque et ce dossier, puis relancez `findit index`")
        if exc.errno in (errno.EACCES, errno.EPERM) and not self.path.resolve().is_relative_to(
            Path(index_dir).resolve()
        ):
            advice = "donnez à cet utilisateur le droit de le lire, puis relancez `findit index`"  # in the corpus
        super().__init__(
            f"impossible de mettre à jour l'index : {what} : {self.path} ; {advice}. L'index est resté tel quel."
        )


def abandon(writer) -> None:
    """Cancel an uncommitted Whoosh writer. On a full disk cancelling fails too (closing its files flushes
    them): its lock and temporary folder are then released by hand, or a long-running watcher would find
    the index locked by itself until restarted."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the error that stopped the write is the one to report
        for release in (writer.temp_storage().destroy, getattr(writer.writelock, "release", None)):
            try:
                if release is not None:
                    release()
            except Exception:  # noqa: BLE001 - best effort, as above
                pass


def clean_generation(path: Path) -> None:
    """Remove what a failed or killed write left in a generation: segment files its TOC does not name (a
    commit that ran out of disk), Whoosh's temporary folders and TOC files, our temporary JSON files. They
    would fill a nearly full disk a little more at every failed attempt. Only the writer, holding the
    lock, calls this; readers only open what a TOC names."""
    from whoosh.index import TOC, clean_files

    from findit.index.generations import storage as open_storage
    from findit.index.schema import build_schema

    storage = open_storage(path)
    try:
        toc = TOC.read(storage, "MAIN", schema=build_schema())  # our schema: the TOC's pickled one is not read
    except Exception:  # noqa: BLE001 - no readable TOC: what is left is for a rebuild to replace
        return
    try:
        clean_files(storage, "MAIN", toc.generation, toc.segments)
        for entry in os.scandir(path):
            if entry.name.endswith(".tmp") and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)  # a writer's posting pool
            elif entry.name.startswith(".") or _TOC_TEMP.match(entry.name):
                Path(entry.path).unlink(missing_ok=True)  # write_json's and Whoosh's temporary files
    except OSError:
        pass  # best effort: called after a failure too, whose error is the one to report
