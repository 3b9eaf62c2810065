"""The figures of an evaluation as a terminal table, as Markdown (docs/QUALITY.md), and the queries lost."""

from __future__ import annotations

from findit.evaluation.run import METRIC_LABELS, METRICS, Evaluation


def format_table(evaluation: Evaluation) -> str:
    """Overall and per-category table: one row per (category, engine)."""
    engines = [r.engine for r in evaluation.runs]
    width = max(len(e) for e in engines) + 2
    head = f"{'':22}{'engine':{width}}" + "".join(f"{METRIC_LABELS[m]:>11}" for m in METRICS)
    lines = [
        f"{evaluation.query_set.name}: {len(evaluation.query_set.queries)} queries over "
        f"{evaluation.documents} documents ({evaluation.query_set.corpus})",
        head,
    ]
    groups = [("overall", None)] + [(c, c) for c in evaluation.categories()]
    for label, cat in groups:
        n = sum(1 for q in evaluation.query_set.queries if cat in (None, q.category))
        summary = evaluation.summary(cat)
        best = {m: max(summary[e][m] for e in engines) for m in METRICS}
        for i, engine in enumerate(engines):
            name = f"{label} ({n})" if i == 0 else ""
            cells = "".join(
                f"{summary[engine][m]:>10.3f}{'*' if summary[engine][m] == best[m] else ' '}" for m in METRICS
            )
            lines.append(f"{name:22}{engine:{width}}{cells}")
        gap = _gap(summary, engines)
        if gap is not None:
            lines.append(f"{'':22}{'gap to best peer':{width}}{gap:>+10.3f}")
    lines.append("(* best in its group; gap: findit's nDCG@10 minus the best other engine's)")
    return "\n".join(lines)


def _gap(summary: dict[str, dict[str, float]], engines: list[str], engine: str = "findit") -> float | None:
    """`engine`'s nDCG@10 minus the best of the other engines' (None without both)."""
    peers = [summary[e]["nDCG@10"] for e in engines if e != engine]
    if engine not in summary or not peers:
        return None
    return summary[engine]["nDCG@10"] - max(peers)


def format_markdown(evaluation: Evaluation) -> str:
    """The same figures as a Markdown table (for docs/QUALITY.md)."""
    engines = [r.engine for r in evaluation.runs]
    lines = [
        f"**{evaluation.query_set.name}**: {len(evaluation.query_set.queries)} queries over "
        f"{evaluation.documents} documents.",
        "",
        "| queries | " + " | ".join(engines) + " | gap to best peer |",
        "|---|" + "---:|" * (len(engines) + 1),
    ]
    for label, cat in [("overall", None)] + [(c, c) for c in evaluation.categories()]:
        n = sum(1 for q in evaluation.query_set.queries if cat in (None, q.category))
        summary = evaluation.summary(cat)
        best = max(summary[e]["nDCG@10"] for e in engines)
        cells = []
        for e in engines:
            text = " / ".join(f"{summary[e][m]:.3f}" for m in METRICS)
            cells.append(f"**{text}**" if summary[e]["nDCG@10"] == best else text)
        gap = _gap(summary, engines)
        lines.append(f"| {label} ({n}) | " + " | ".join(cells) + f" | {'' if gap is None else f'{gap:+.3f}'} |")
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
            top = [
                f"{evaluation.titles.get(u, u)[:60]!r}({evaluation.qrels[q.id].get(u, 0)})"
                for u in runs[name].ranked[q.id][:show]
            ]
            lines.append(f"    {name}: " + (", ".join(top) or "(nothing)"))
    return "\n".join(lines)
