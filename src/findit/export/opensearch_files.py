"""Writing an OpenSearch export: the mapping and the bulk NDJSON into a folder (each file written aside and
renamed when whole: a failed export leaves no half file), or the NDJSON to a stream, line by line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from findit.export.opensearch import bulk_lines, mapping

MAPPING_FILE = "mapping.json"
BULK_FILE = "bulk.ndjson"


class ExportWriteError(OSError):
    """The export folder or one of its files cannot be written."""

    def __init__(self, path: Path, exc: OSError):
        self.path = path
        super().__init__(exc.errno, exc.strerror or str(exc), str(path))


@dataclass
class Written:
    documents: int = 0
    bytes: int = 0  # of the NDJSON


def write_bulk(documents: Iterable[tuple[dict, dict]], index: str, stream: BinaryIO) -> Written:
    """The bulk NDJSON of `documents` to `stream`, as it is made (nothing held but the current line)."""
    written = Written()
    for i, line in enumerate(bulk_lines(documents, index)):
        data = line.encode("utf-8")
        stream.write(data)
        written.bytes += len(data)
        written.documents += i % 2
    return written


def write_folder(documents: Iterable[tuple[dict, dict]], index: str, folder: Path) -> Written:
    """mapping.json and bulk.ndjson in `folder` (created if needed). ExportWriteError names what failed."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportWriteError(folder, exc) from None
    body = (json.dumps(mapping(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    _write_whole(folder / MAPPING_FILE, lambda stream: stream.write(body))
    written = Written()

    def bulk(stream: BinaryIO) -> None:
        nonlocal written
        written = write_bulk(documents, index, stream)

    _write_whole(folder / BULK_FILE, bulk)
    return written


def _write_whole(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            with open(tmp, "wb") as stream:
                write(stream)
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportWriteError(path, exc) from None
    except BaseException:  # a failed disk, Ctrl-C, an index error while reading: no half file left
        tmp.unlink(missing_ok=True)
        raise
