"""Field accuracy: findit's extracted fields against the judged samples (evaluation/fields/*.json).

Speakers and organisations are taken as the index stores them: the analysed names, else the ones the
document states. Precision counts every name extracted from a document read through (right when a reader
gave it) plus the names drawn from extraction and judged one by one; recall counts the names readers gave."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from findit.analysis.french import name_key
from findit.documents import Document
from findit.evaluation.fieldsample import FIELDS, FieldSample, Key
from findit.settings import Settings
from findit.text import fold

NAME_FIELDS = ("speakers", "organisations")
PARTS = ("tuning", "heldout")


@dataclass
class Score:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def ratio(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class SampleResult:
    name: str
    skipped: str = ""  # why the sample was not measured (corpus absent)
    missing: list[str] = field(default_factory=list)  # keys that name no document
    # (part, measure) -> Score; measure is a FIELDS name, or "speakers.precision", "organisations.recall"…
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)  # what was wrong, for tuning (tuning part only)

    def score(self, part: str, measure: str) -> Score:
        return self.scores.setdefault((part, measure), Score())


def _field_value(doc: Document, name: str) -> str | None:
    if name in ("date", "event_date"):
        value = getattr(doc, name)
        if value is None:
            return None
        precision = doc.date_precision if name == "date" else doc.event_precision
        return value.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]
    return getattr(doc, name) or None


def _same(name: str, expected: str | None, found: str | None) -> bool:
    if expected is None or found is None:
        return expected is None and found is None
    if name in ("title", "outlet"):
        return " ".join(fold(expected).split()) == " ".join(fold(found).split())
    return expected == found


def names_match(expected: str, found: str) -> bool:
    """Same name, or one a part of the other's words (« DINUM » in « Direction … numérique (DINUM) »)."""
    a, b = name_key(expected), name_key(found)
    if not a or not b:
        return False
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


class Resolver:
    def __init__(self, documents: Iterable[Document]):
        self.by_source: dict[str, list[Document]] = {}
        for doc in documents:
            self.by_source.setdefault(doc.source, []).append(doc)

    def find(self, key: Key) -> Document | None:
        docs = self.by_source.get(key.source, [])
        if key.title:
            docs = [d for d in docs if fold(d.title) == fold(key.title)]
        return docs[0] if len(docs) == 1 or (docs and not key.title) else None


def _label(key: Key) -> str:
    return key.source + (f" « {key.title} »" if key.title else "")


def measure(sample: FieldSample, documents: list[Document], names: dict[str, dict[str, list[str]]]) -> SampleResult:
    """Score one sample. `names` gives, by document id, the extracted "speakers" and "organisations"."""
    result = SampleResult(sample.name)
    resolver = Resolver(documents)
    for judged in sample.documents:
        doc = resolver.find(judged.key)
        if doc is None:
            result.missing.append(_label(judged.key))
            continue
        part = PARTS[judged.heldout]
        for name, expected in judged.expected.items():
            found = _field_value(doc, name)
            ok = _same(name, expected, found)
            result.score(part, name).add(ok)
            if not ok and not judged.heldout:
                result.misses.append(f"{_label(judged.key)}: {name} {expected!r} != {found!r}")
    fully_read = set()
    for stated in sample.stated:
        doc = resolver.find(stated.key)
        if doc is None:
            result.missing.append(_label(stated.key))
            continue
        fully_read.add(doc.id)
        part = PARTS[stated.heldout]
        for fname in NAME_FIELDS:
            stated_names: list[str] = getattr(stated, fname)
            extracted: list[str] = names[doc.id][fname]
            for e in stated_names:
                ok = any(names_match(e, f) for f in extracted)
                result.score(part, f"{fname}.recall").add(ok)
                if not ok and not stated.heldout:
                    result.misses.append(f"{_label(stated.key)}: {fname} missed {e!r}")
            for f in extracted:
                ok = any(names_match(e, f) for e in stated_names)
                result.score(part, f"{fname}.precision").add(ok)
                if not ok and not stated.heldout:
                    result.misses.append(f"{_label(stated.key)}: {fname} wrong {f!r}")
    for judged_name in sample.extracted:
        doc = resolver.find(judged_name.key)
        if doc is None:
            result.missing.append(_label(judged_name.key))
            continue
        if doc.id in fully_read:
            continue  # already counted with the document
        # A name no longer extracted is no longer a possible error (nor a right one): it drops out.
        if any(name_key(f) == name_key(judged_name.name) for f in names[doc.id][judged_name.field]):
            part = PARTS[judged_name.heldout]
            result.score(part, f"{judged_name.field}.precision").add(judged_name.right)
            if not judged_name.right and not judged_name.heldout:
                result.misses.append(f"{_label(judged_name.key)}: {judged_name.field} wrong {judged_name.name!r}")
    return result


def extracted_names(settings: Settings, documents: list[Document], wanted: list[Document]) -> dict[str, dict]:
    """The speakers and organisations the index would store for `wanted` (the gazetteer learnt from all)."""
    from findit.analysis.analyser import Analyser

    analyser = Analyser(settings, None)
    analyser.learn_names(documents)
    analysed = analyser.analyse(wanted)
    return {
        doc.id: {
            "speakers": analysed[doc.id].speakers or doc.speakers,
            "organisations": analysed[doc.id].organisations or doc.organisations,
        }
        for doc in wanted
    }


def measure_samples(
    samples: list[FieldSample], settings: Settings, on_sample: Callable[[str], None] | None = None
) -> list[SampleResult]:
    """Ingest each corpus once, analyse only the judged documents, score every sample (`on_sample(name)`
    as each starts)."""
    from findit.ingest.corpus import ingest_corpus

    results: list[SampleResult] = []
    corpora: dict[Path, list[Document]] = {}
    for sample in samples:
        if on_sample is not None:
            on_sample(sample.name)
        if not sample.corpus.is_dir():
            results.append(SampleResult(sample.name, skipped=f"corpus absent: {sample.corpus}"))
            continue
        if sample.corpus not in corpora:
            corpora[sample.corpus] = ingest_corpus(sample.corpus, settings).documents
        documents = corpora[sample.corpus]
        resolver = Resolver(documents)
        wanted = {d.id: d for k in sample.keys() if (d := resolver.find(k)) is not None}
        names = extracted_names(settings, documents, list(wanted.values()))
        results.append(measure(sample, documents, names))
    return results


def total(results: list[SampleResult], part: str, measure_name: str) -> Score:
    score = Score()
    for r in results:
        s = r.scores.get((part, measure_name))
        if s:
            score.right += s.right
            score.total += s.total
    return score


MEASURES = (*FIELDS, *(f"{n}.{m}" for n in NAME_FIELDS for m in ("precision", "recall")))
TARGETS = {m: 0.95 for m in FIELDS} | {
    "speakers.precision": 0.95,
    "speakers.recall": 0.85,
    "organisations.precision": 0.90,
}


def format_table(results: list[SampleResult], markdown: bool = False) -> str:
    """One row per corpus and part, one column per measure: ratio (right/total)."""
    head = ["corpus", "part", *MEASURES]
    rows = []
    for r in results:
        if r.skipped:
            continue
        for part in PARTS:
            rows.append([r.name, part, *(_cell(r.scores.get((part, m))) for m in MEASURES)])
    for part in PARTS:
        rows.append(["all", part, *(_cell(total(results, part, m)) for m in MEASURES)])
    rows.append(["target", "", *(f"≥ {TARGETS[m]:.2f}" if m in TARGETS else "" for m in MEASURES)])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) for row in [head, *rows])


def _cell(score: Score | None) -> str:
    if score is None or not score.total:
        return "–"
    return f"{score.ratio:.2f} ({score.right}/{score.total})"
