"""Search quality, measured: judged query sets, findit and baseline engines over the same documents, and
nDCG@10 / MRR / recall@10 computed by ir-measures.

A judged set is a JSON file (benchmarks/queries/*.json). Judged documents are named by what does not
depend on id formats: their `source` path, plus the title where one file gives several documents (press
items); keys are resolved to ids against the documents ingested at run time.

Near-duplicates count once: every document is judged and ranked as its duplicate group, so an engine
that collapses versions (findit) and one that lists each of them are compared on the same units. Drafts and
junk, which findit hides unless asked, are left out for every engine.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import mean
from typing import Callable, Iterable

from unidecode import unidecode

from findit.documents import Document
from findit.settings import Settings

METRICS = ("nDCG@10", "RR", "R@10")
METRIC_LABELS = {"nDCG@10": "nDCG@10", "RR": "MRR", "R@10": "recall@10"}
DEPTH = 10
# Filters a judged query may carry, and the document attribute each one tests (as findit's facets do).
FILTERABLE = ("year", "outlet", "kind", "tag", "speaker", "organisation")


class QuerySetError(Exception):
    """A judged set that cannot be read, or whose keys do not name documents of its corpus."""


@dataclass
class Judgement:
    source: str                 # corpus-relative POSIX path of the file
    grade: int                  # 0 not relevant, 1 partly, 2 relevant, 3 the very item sought
    title: str = ""             # needed only when the file gives several documents


@dataclass
class JudgedQuery:
    id: str
    category: str
    query: str
    judgements: list[Judgement]
    filters: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


@dataclass
class QuerySet:
    name: str
    corpus: Path
    queries: list[JudgedQuery]
    description: str = ""


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def queries_dir() -> Path:
    return project_root() / "benchmarks" / "queries"


def load_query_set(path: Path, corpus: Path | None = None) -> QuerySet:
    """Read a judged set. Its `corpus` is resolved against the project root unless `corpus` is given."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QuerySetError(f"cannot read judged set {path}: {exc}") from exc
    try:
        queries = []
        for q in data["queries"]:
            filters = {k: [str(v) for v in (vals if isinstance(vals, list) else [vals])]
                       for k, vals in (q.get("filters") or {}).items()}
            unknown = set(filters) - set(FILTERABLE)
            if unknown:
                raise QuerySetError(f"{path}: query {q['id']}: unknown filter {sorted(unknown)}")
            queries.append(JudgedQuery(
                id=str(q["id"]), category=q["category"], query=q["query"], filters=filters,
                note=q.get("note", ""),
                judgements=[Judgement(source=j["source"], title=j.get("title", ""), grade=int(j["grade"]))
                            for j in q["judgements"]]))
    except (KeyError, TypeError, ValueError) as exc:
        raise QuerySetError(f"{path}: malformed judged set ({exc!r})") from exc
    ids = [q.id for q in queries]
    if len(ids) != len(set(ids)):
        raise QuerySetError(f"{path}: duplicate query ids")
    root = (project_root() / data.get("corpus", "corpus")).resolve() if corpus is None else Path(corpus)
    return QuerySet(name=data.get("name", Path(path).stem), corpus=root, queries=queries,
                    description=data.get("description", ""))


def builtin_sets() -> dict[str, Path]:
    """The judged sets kept in the repository, by name."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.json"))}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", unidecode(text).lower()))


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
            doc = _find(by_source.get(j.source, []), j, problems, q.id)
            if doc is not None:
                graded[doc.id] = max(graded.get(doc.id, 0), j.grade)
    if problems:
        raise QuerySetError(f"{query_set.name}: {len(problems)} judged key(s) do not resolve:\n  "
                            + "\n  ".join(problems))
    return qrels


def _find(candidates: list[Document], j: Judgement, problems: list[str], qid: str) -> Document | None:
    if not candidates:
        problems.append(f"{qid}: no document from {j.source}")
        return None
    if len(candidates) == 1:
        return candidates[0]
    if not j.title:
        problems.append(f"{qid}: {j.source} gives {len(candidates)} documents; the key needs a title")
        return None
    want = _norm(j.title)
    found = [d for d in candidates if _norm(d.title) == want] or \
            [d for d in candidates if want and (want in _norm(d.title) or _norm(d.title) in want)]
    if len(found) != 1:
        problems.append(f"{qid}: {j.source} has {len(found)} documents titled {j.title!r}")
        return None
    return found[0]


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


def document_text(doc: Document) -> str:
    """Everything a user indexing these documents with a plain engine would feed it, besides the title."""
    return "\n\n".join(filter(None, [doc.summary, doc.body, " ; ".join(doc.speakers),
                                     " ; ".join(doc.organisations), " ; ".join(doc.tags), doc.outlet]))


# --- engines -------------------------------------------------------------------------------------


class Engine:
    """One search engine under test: built once over the documents, then asked each judged query."""

    name = ""

    def build(self, documents: list[Document], workdir: Path) -> None:
        raise NotImplementedError

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        """Ranked document ids, best first, at most `depth`."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class FinditEngine(Engine):
    """findit itself: the real indexer and searcher, over the corpus folder the documents came from."""

    name = "findit"

    def __init__(self, corpus: Path, settings: Settings | None = None, index_dir: Path | None = None):
        self.corpus = corpus
        self.base = settings or Settings.from_env()
        self.index_dir = index_dir
        self.searcher = None

    def build(self, documents: list[Document], workdir: Path) -> None:
        from findit.index import Indexer
        from findit.search import Searcher

        index = Path(self.index_dir or workdir / "findit-index")
        # The analysis cache is keyed by content hash: reuse the user's, so spaCy runs only on new text.
        user_cache = Path(self.base.index) / "cache"
        if user_cache.is_dir() and not (index / "cache").exists() and user_cache != index / "cache":
            shutil.copytree(user_cache, index / "cache")
        self.settings = replace(self.base, corpus=self.corpus, index=index)
        # Full: a kept index must not keep documents made by an older ingestion (files unchanged, code changed).
        Indexer(self.settings).update(full=True)
        self.searcher = Searcher(self.settings)

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        from findit.results import SearchRequest

        result = self.searcher.search(SearchRequest(query=query.query, limit=depth, filters=query.filters))
        return [hit.id for hit in result.hits]

    def close(self) -> None:
        close = getattr(self.searcher, "close", None)
        if close:
            close()


class WhooshEngine(Engine):
    """Whoosh as a user would set it up: title and text fields with one stock analyser, OR-grouped
    multi-field query, BM25F."""

    def __init__(self, name: str, analyzer_factory: Callable):
        self.name = name
        self.analyzer_factory = analyzer_factory

    def build(self, documents: list[Document], workdir: Path) -> None:
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.index import create_in
        from whoosh.qparser import MultifieldParser, OrGroup

        schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=self.analyzer_factory()),
                        text=TEXT(analyzer=self.analyzer_factory()))
        path = workdir / re.sub(r"\W+", "-", self.name)
        path.mkdir(parents=True, exist_ok=True)
        self.index = create_in(str(path), schema)
        with self.index.writer() as writer:
            for doc in documents:
                writer.add_document(id=doc.id, title=doc.title, text=document_text(doc))
        self.docs = {d.id: d for d in documents}
        self.parser = MultifieldParser(["title", "text"], schema, group=OrGroup.factory(0.9))
        self.searcher = self.index.searcher()

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        parsed = self.parser.parse(query.query)
        ids = []
        for hit in self.searcher.search(parsed, limit=None):
            if matches_filters(self.docs[hit["id"]], query.filters):
                ids.append(hit["id"])
                if len(ids) == depth:
                    break
        return ids

    def close(self) -> None:
        self.searcher.close()
        self.index.close()


class Fts5Engine(Engine):
    """SQLite FTS5 (the standard library's sqlite3) with unicode61 remove_diacritics 2, bm25 ranking, the
    query's words OR-ed."""

    name = "sqlite-fts5"

    def build(self, documents: list[Document], workdir: Path) -> None:
        path = workdir / "fts5.sqlite3"
        path.unlink(missing_ok=True)          # rebuilt each run, like the Whoosh baselines
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, "
                        "tokenize='unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                            [(d.id, d.title, document_text(d)) for d in documents])
        self.db.commit()
        self.docs = {d.id: d for d in documents}

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        words = re.findall(r"\w+", query.query)
        if not words:
            return []
        match = " OR ".join('"%s"' % w for w in words)
        rows = self.db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs)", (match,))
        ids = []
        for (doc_id,) in rows:
            if matches_filters(self.docs[doc_id], query.filters):
                ids.append(doc_id)
                if len(ids) == depth:
                    break
        return ids

    def close(self) -> None:
        self.db.close()


def baseline_engines() -> list[Engine]:
    from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer

    return [WhooshEngine("whoosh-standard", StandardAnalyzer),
            WhooshEngine("whoosh-fr", lambda: LanguageAnalyzer("fr")),
            Fts5Engine()]


# --- metrics -------------------------------------------------------------------------------------


@dataclass
class EngineRun:
    engine: str
    ranked: dict[str, list[str]]                         # query id -> ranked unit ids
    per_query: dict[str, dict[str, float]]               # query id -> metric -> value
    seconds: float = 0.0


@dataclass
class Evaluation:
    query_set: QuerySet
    documents: int
    qrels: dict[str, dict[str, int]]                     # query id -> unit id -> grade
    runs: list[EngineRun]
    titles: dict[str, str]                               # unit id -> title, for reports

    def summary(self, category: str | None = None) -> dict[str, dict[str, float]]:
        """engine -> metric -> mean over the queries (of one category, if given)."""
        qids = [q.id for q in self.query_set.queries if category in (None, q.category)]
        return {run.engine: {m: mean(run.per_query[q][m] for q in qids) for m in METRICS} for run in self.runs}

    def categories(self) -> list[str]:
        return sorted({q.category for q in self.query_set.queries})

    def losses(self, engine: str = "findit") -> list[tuple[JudgedQuery, str, float, float]]:
        """Queries where `engine` has a lower nDCG@10 than the best baseline: (query, baseline, ours,
        theirs), worst first."""
        ours = next(r for r in self.runs if r.engine == engine)
        out = []
        for q in self.query_set.queries:
            best = max((r for r in self.runs if r.engine != engine), key=lambda r: r.per_query[q.id]["nDCG@10"])
            a, b = ours.per_query[q.id]["nDCG@10"], best.per_query[q.id]["nDCG@10"]
            if a < b - 1e-9:
                out.append((q, best.engine, a, b))
        return sorted(out, key=lambda t: t[2] - t[3])

    def to_json(self) -> dict:
        return {
            "set": self.query_set.name,
            "corpus": str(self.query_set.corpus),
            "documents": self.documents,
            "queries": len(self.query_set.queries),
            "overall": self.summary(),
            "by_category": {c: self.summary(c) for c in self.categories()},
            "per_query": {r.engine: r.per_query for r in self.runs},
        }


def score(qrels: dict[str, dict[str, int]], ranked: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Per-query nDCG@10, RR, R@10 from ir-measures; a query an engine answered with nothing scores 0."""
    import ir_measures

    measures = [ir_measures.parse_measure(m) for m in METRICS]
    qrel_rows = [ir_measures.Qrel(q, d, g) for q, docs in qrels.items() for d, g in docs.items()]
    run_rows = [ir_measures.ScoredDoc(q, d, float(len(ids) - i))
                for q, ids in ranked.items() for i, d in enumerate(ids)]
    out = {q: {m: 0.0 for m in METRICS} for q in qrels}
    for metric in ir_measures.iter_calc(measures, qrel_rows, run_rows):
        out[metric.query_id][str(metric.measure)] = float(metric.value)
    return out


def _units(documents: list[Document]) -> dict[str, str]:
    return {d.id: d.duplicate_group or d.id for d in documents}


def _dedupe(ids: Iterable[str], unit: dict[str, str], depth: int) -> list[str]:
    seen: list[str] = []
    for i in ids:
        u = unit.get(i, i)
        if u not in seen:
            seen.append(u)
    return seen[:depth]


def evaluate(query_set: QuerySet, engines: list[Engine] | None = None, settings: Settings | None = None,
             workdir: Path | None = None, progress: Callable[[str], None] | None = None) -> Evaluation:
    """Ingest the set's corpus once, build every engine over those documents, run every judged query."""
    import time

    from findit.ingest import ingest_corpus

    settings = replace(settings or Settings.from_env(), corpus=query_set.corpus)
    say = progress or (lambda _msg: None)
    if not query_set.corpus.is_dir():
        raise QuerySetError(f"corpus folder not found: {query_set.corpus}")
    corpus = ingest_corpus(query_set.corpus, settings)
    qrels_by_id = resolve(query_set, corpus.documents)
    # Every engine gets what findit shows by default: drafts and junk are left out of the baselines too.
    documents = [d for d in corpus.documents if not (d.draft or d.junk)]
    published = {d.id for d in documents}
    qrels_by_id = {q: {i: g for i, g in graded.items() if i in published} for q, graded in qrels_by_id.items()}
    unit = _units(documents)
    qrels: dict[str, dict[str, int]] = {}
    for qid, graded in qrels_by_id.items():
        units = qrels.setdefault(qid, {})
        for doc_id, grade in graded.items():
            units[unit[doc_id]] = max(units.get(unit[doc_id], 0), grade)
    titles = {}
    for d in documents:
        titles.setdefault(unit[d.id], d.title)
    engines = engines if engines is not None else [FinditEngine(query_set.corpus, settings)] + baseline_engines()

    runs = []
    with tempfile.TemporaryDirectory(prefix="findit-eval-") as tmp:
        base = Path(workdir) if workdir else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for engine in engines:
            say(f"{query_set.name}: building {engine.name} over {len(documents)} documents")
            engine.build(documents, base)
            try:
                start = time.perf_counter()
                ranked = {q.id: _dedupe(engine.search(q, DEPTH * 3), unit, DEPTH) for q in query_set.queries}
                seconds = time.perf_counter() - start
            finally:
                engine.close()
            runs.append(EngineRun(engine.name, ranked, score(qrels, ranked), seconds))
    return Evaluation(query_set, len(documents), qrels, runs, titles)


# --- report --------------------------------------------------------------------------------------


def format_table(evaluation: Evaluation) -> str:
    """Overall and per-category table: one row per (category, engine)."""
    engines = [r.engine for r in evaluation.runs]
    width = max(len(e) for e in engines) + 2
    head = f"{'':22}{'engine':{width}}" + "".join(f"{METRIC_LABELS[m]:>11}" for m in METRICS)
    lines = [f"{evaluation.query_set.name}: {len(evaluation.query_set.queries)} queries over "
             f"{evaluation.documents} documents ({evaluation.query_set.corpus})", head]
    groups = [("overall", None)] + [(c, c) for c in evaluation.categories()]
    for label, cat in groups:
        n = sum(1 for q in evaluation.query_set.queries if cat in (None, q.category))
        summary = evaluation.summary(cat)
        best = {m: max(summary[e][m] for e in engines) for m in METRICS}
        for i, engine in enumerate(engines):
            name = f"{label} ({n})" if i == 0 else ""
            cells = "".join(f"{summary[engine][m]:>10.3f}{'*' if summary[engine][m] == best[m] else ' '}"
                            for m in METRICS)
            lines.append(f"{name:22}{engine:{width}}{cells}")
    lines.append("(* best in its group)")
    return "\n".join(lines)


def format_markdown(evaluation: Evaluation) -> str:
    """The same figures as a Markdown table (for docs/QUALITY.md)."""
    engines = [r.engine for r in evaluation.runs]
    lines = [f"**{evaluation.query_set.name}**: {len(evaluation.query_set.queries)} queries over "
             f"{evaluation.documents} documents.", "",
             "| queries | " + " | ".join(engines) + " |",
             "|---|" + "---:|" * len(engines)]
    for label, cat in [("overall", None)] + [(c, c) for c in evaluation.categories()]:
        n = sum(1 for q in evaluation.query_set.queries if cat in (None, q.category))
        summary = evaluation.summary(cat)
        best = max(summary[e]["nDCG@10"] for e in engines)
        cells = []
        for e in engines:
            text = " / ".join(f"{summary[e][m]:.3f}" for m in METRICS)
            cells.append(f"**{text}**" if summary[e]["nDCG@10"] == best else text)
        lines.append(f"| {label} ({n}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_losses(evaluation: Evaluation, engine: str = "findit", show: int = 3) -> str:
    losses = evaluation.losses(engine)
    if not losses:
        return f"{engine} is never below the best baseline on nDCG@10."
    runs = {r.engine: r for r in evaluation.runs}
    lines = [f"Queries where {engine} is below the best baseline on nDCG@10 ({len(losses)}):"]
    for q, other, ours, theirs in losses:
        filt = f" {q.filters}" if q.filters else ""
        lines.append(f"- {q.id} [{q.category}] {q.query!r}{filt}: {engine} {ours:.3f} < {other} {theirs:.3f}")
        for name in (engine, other):
            top = [f"{evaluation.titles.get(u, u)[:60]!r}({evaluation.qrels[q.id].get(u, 0)})"
                   for u in runs[name].ranked[q.id][:show]]
            lines.append(f"    {name}: " + (", ".join(top) or "(nothing)"))
    return "\n".join(lines)
