"""The pool of a judged set: per query, the documents some engine ranks in its first ten that no judgement
names yet, written as a file a judge completes (by reading the documents, without knowing which engine
found them), then merged back into the set.

    .venv/bin/python benchmarks/pool.py SET [--corpus DIR] --out POOL.json      # write the pool
    .venv/bin/python benchmarks/pool.py SET --merge POOL.json                  # add the judged pool to the set

In POOL.json each candidate has "grade": null; the judge replaces null by 0-3 (see the set's description);
a candidate left at null is not merged.
Nothing is asserted: the counts are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from findit.evaluation import builtin_sets, evaluate, load_query_set


def write_pool(name: str, corpus: Path | None, out: Path, workdir: Path | None) -> None:
    path = builtin_sets().get(name) or Path(name)
    evaluation = evaluate(
        load_query_set(path, corpus), workdir=workdir, progress=lambda msg: print(msg, file=sys.stderr)
    )
    by_id = {q.id: q for q in evaluation.query_set.queries}
    per_source: dict[str, int] = {}
    per_title: dict[tuple[str, str], int] = {}
    for members in evaluation.members.values():
        for source, title in members:
            per_source[source] = per_source.get(source, 0) + 1
            per_title[(source, title)] = per_title.get((source, title), 0) + 1
    # A title that several documents of one file share cannot name one of them: such a candidate is left
    # out of the pool (and said), since its judgement could not be resolved.
    ambiguous = {key for key, n in per_title.items() if n > 1}
    for source, title in sorted(ambiguous):
        print(f"left out of the pool: {source} has {per_title[(source, title)]} documents titled {title!r}")
    pool = []
    for qid, units in evaluation.unjudged().items():
        q = by_id[qid]
        candidates = [
            {"source": source, "title": title, "multi": per_source[source] > 1, "grade": None}
            for unit in units
            for source, title in evaluation.members[unit][:1]
            if (source, title) not in ambiguous or per_source[source] == 1
        ]
        pool.append(
            {
                "id": qid,
                "query": q.query,
                "category": q.category,
                "note": q.note,
                "filters": q.filters,
                "candidates": candidates,
            }
        )
    out.write_text(
        json.dumps(
            {"set": name, "corpus": str(evaluation.query_set.corpus), "pool": pool}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
    print(f"{name}: {sum(len(p['candidates']) for p in pool)} unjudged candidates for {len(pool)} queries -> {out}")


def merge_pool(name: str, pool_file: Path) -> None:
    path = builtin_sets().get(name) or Path(name)
    data = json.loads(path.read_text(encoding="utf-8"))
    judged = {p["id"]: p["candidates"] for p in json.loads(pool_file.read_text(encoding="utf-8"))["pool"]}
    added = skipped = 0
    for q in data["queries"]:
        for c in judged.get(q["id"], []):
            if c.get("grade") is None:  # not judged (yet): left out, and counted below
                skipped += 1
                continue
            key = {"source": c["source"], "grade": int(c["grade"])}
            if c.get("title") and c.get("multi"):
                key["title"] = c["title"]
            q["judgements"].append(key)
            added += 1
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{name}: {added} pooled judgements added to {path}; {skipped} candidates not judged, left out")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--merge", type=Path)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    if args.merge:
        merge_pool(args.set, args.merge)
    elif args.out:
        write_pool(args.set, args.corpus, args.out, args.workdir)
    else:
        parser.error("--out or --merge")


if __name__ == "__main__":
    main()
