"""Judged samples of fields: what a careful reader of a document gives as its kind, title, dates, outlet,
speakers and organisations, read from the documents themselves (not from what findit extracts).

One JSON file per corpus in evaluation/fields/. Documents are keyed like the judged query sets: `source`
path, plus `title` when one file gives several documents. Three parts:
- `documents`: the expected kind, title, date, event date and outlet of each (null: the document states none);
- `stated`: documents read through, with every speaker and organisation they state (recall);
- `extracted`: names drawn at random from what findit extracted, each judged right or wrong (precision).
Every entry carries `heldout`: held-out entries are never looked at to tune extraction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from findit.settings import project_root

FIELDS = ("kind", "title", "date", "event_date", "outlet")


class FieldSampleError(Exception):
    """A judged sample that cannot be read."""


@dataclass
class Key:
    source: str
    title: str = ""  # only when the file gives several documents


@dataclass
class JudgedDocument:
    key: Key
    expected: dict[str, str | None]  # field -> expected value, for the FIELDS judged
    heldout: bool = False


@dataclass
class StatedNames:
    key: Key
    speakers: list[str]
    organisations: list[str]
    heldout: bool = False


@dataclass
class JudgedName:
    key: Key
    field: str  # "speakers" or "organisations"
    name: str
    right: bool
    heldout: bool = False


@dataclass
class FieldSample:
    name: str
    corpus: Path
    site: str = ""  # the top folder the sample is drawn from, when the corpus holds several sites
    documents: list[JudgedDocument] = field(default_factory=list)
    stated: list[StatedNames] = field(default_factory=list)
    extracted: list[JudgedName] = field(default_factory=list)

    def keys(self) -> list[Key]:
        entries: list[JudgedDocument | StatedNames | JudgedName] = [*self.documents, *self.stated, *self.extracted]
        return [e.key for e in entries]


def samples_dir() -> Path:
    return Path(__file__).resolve().parent / "fields"


def _key(entry: dict) -> Key:
    return Key(str(entry["source"]), str(entry.get("title", "")))


def load_sample(path: Path, corpus: Path | None = None) -> FieldSample:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        sample = FieldSample(
            name=data.get("name", Path(path).stem),
            corpus=Path(corpus) if corpus is not None else (project_root() / data["corpus"]).resolve(),
            site=data.get("site", ""),
        )
        for e in data.get("documents", []):
            expected = {f: e["expected"][f] for f in FIELDS if f in e["expected"]}
            sample.documents.append(JudgedDocument(_key(e), expected, bool(e.get("heldout"))))
        for e in data.get("stated", []):
            sample.stated.append(
                StatedNames(
                    _key(e), list(e.get("speakers", [])), list(e.get("organisations", [])), bool(e.get("heldout"))
                )
            )
        for e in data.get("extracted", []):
            sample.extracted.append(
                JudgedName(_key(e), e["field"], e["name"], bool(e["right"]), bool(e.get("heldout")))
            )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FieldSampleError(f"cannot read judged sample {path}: {exc}") from exc
    return sample


def load_samples(directory: Path | None = None) -> list[FieldSample]:
    return [load_sample(p) for p in sorted((directory or samples_dir()).glob("*.json"))]
