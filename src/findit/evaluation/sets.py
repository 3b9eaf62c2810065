"""Judged query sets: reading them, and resolving their judgements to the documents of a corpus.

Judged documents are named by what does not depend on id formats: their `source` path, plus the title
where one file gives several documents (press items); keys are resolved to ids against the documents
ingested at run time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from findit.documents import Document
from findit.settings import project_root
from findit.text import fold

FILTERABLE = ("year", "outlet", "kind", "tag", "speaker", "organisation")


class QuerySetError(Exception):
    """A judged set that cannot be read, or whose keys do not name documents of its corpus."""


@dataclass
class Judgement:
    source: str  # corpus-relative POSIX path of the file
    grade: int  # 0 not relevant, 1 partly, 2 relevant, 3 the very item sought
    title: str = ""  # needed only when the file gives several documents


@dataclass
class JudgedQuery:
    id: str
    category: str
    query: str
    judgements: list[Judgement]
    filters: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""
    # Held out: run only to check a change, never looked at to tune (about a quarter of each set).
    heldout: bool = False


@dataclass
class QuerySet:
    name: str
    corpus: Path
    queries: list[JudgedQuery]
    description: str = ""


def queries_dir() -> Path:
    """The judged sets shipped with findit (package data)."""
    return Path(__file__).resolve().parent / "sets"


def load_query_set(path: Path, corpus: Path | None = None) -> QuerySet:
    """Read a judged set. Its `corpus` is resolved against the project root unless `corpus` is given."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QuerySetError(f"cannot read judged set {path}: {exc}") from exc
    try:
        queries = []
        for q in data["queries"]:
            filters = {
                k: [str(v) for v in (vals if isinstance(vals, list) else [vals])]
                for k, vals in (q.get("filters") or {}).items()
            }
            unknown = set(filters) - set(FILTERABLE)
            if unknown:
                raise QuerySetError(f"{path}: query {q['id']}: unknown filter {sorted(unknown)}")
            queries.append(
                JudgedQuery(
                    id=str(q["id"]),
                    category=q["category"],
                    query=q["query"],
                    filters=filters,
                    note=q.get("note", ""),
                    heldout=bool(q.get("heldout", False)),
                    judgements=[
                        Judgement(source=j["source"], title=j.get("title", ""), grade=int(j["grade"]))
                        for j in q["judgements"]
                    ],
                )
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise QuerySetError(f"{path}: malformed judged set ({exc!r})") from exc
    ids = [q.id for q in queries]
    if len(ids) != len(set(ids)):
        raise QuerySetError(f"{path}: duplicate query ids")
    root = (project_root() / data.get("corpus", "corpus")).resolve() if corpus is None else Path(corpus)
    return QuerySet(
        name=data.get("name", Path(path).stem), corpus=root, queries=queries, description=data.get("description", "")
    )


# Which queries of a set a run uses: the part used to tune, the held-out part, or both.
PARTS = ("tuning", "heldout", "all")


def part_of(query_set: QuerySet, part: str) -> QuerySet:
    """The set restricted to one part (see PARTS)."""
    if part == "all":
        return query_set
    keep = [q for q in query_set.queries if q.heldout == (part == "heldout")]
    return QuerySet(f"{query_set.name} ({part})", query_set.corpus, keep, query_set.description)


def builtin_sets() -> dict[str, Path]:
    """The judged sets kept in the repository, by name."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.json"))}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def resolve(query_set: QuerySet, documents: list[Document]) -> dict[str, dict[str, int]]:
    """Judged keys -> document ids: {query id: {doc id: grade}}. Raises QuerySetError listing every key that
    names no document or several."""
    by_source: dict[str, list[Document]] = {}
    for doc in documents:
        by_source.setdefault(doc.source, []).append(doc)
    problems: list[str] = []
    qrels: dict[str, dict[str, int]] = {}
    for q in query_set.queries:
        graded = qrels.setdefault(q.id, {})
        for j in q.judgements:
            for found in _find(by_source.get(j.source, []), j, problems, q.id):
                graded[found.id] = max(graded.get(found.id, 0), j.grade)
    if problems:
        raise QuerySetError(
            f"{query_set.name}: {len(problems)} judged key(s) do not resolve:\n  " + "\n  ".join(problems)
        )
    return qrels


def _find(candidates: list[Document], j: Judgement, problems: list[str], qid: str) -> list[Document]:
    """The documents a judgement names: the file's one document, the one with its title, or, with no
    title, every document the file gives (the file was judged as a whole)."""
    if not candidates:
        problems.append(f"{qid}: no document from {j.source}")
        return []
    if len(candidates) == 1 or not j.title:
        return candidates
    want = _norm(j.title)
    found = [d for d in candidates if _norm(d.title) == want] or [
        d for d in candidates if want and (want in _norm(d.title) or _norm(d.title) in want)
    ]
    if len(found) != 1:
        problems.append(f"{qid}: {j.source} has {len(found)} documents titled {j.title!r}")
        return []
    return found


def matches_filters(doc: Document, filters: dict[str, list[str]]) -> bool:
    """What a facet filter means, for the baselines (findit applies its own filters)."""

    def values(name: str) -> set[str]:
        if name == "year":
            return {str(doc.year)} if doc.year is not None else set()
        if name == "outlet":
            return {doc.outlet}
        if name == "kind":
            return {doc.kind}
        return set({"tag": doc.tags, "speaker": doc.speakers, "organisation": doc.organisations}[name])

    return all(values(name) & set(wanted) for name, wanted in filters.items() if wanted)
