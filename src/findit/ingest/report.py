"""The archive's data-quality report behind `findit check`: what ingestion made of the corpus folder."""

from __future__ import annotations

import re
import textwrap
import time
from collections import Counter, defaultdict

from findit.documents import Document, Kind
from findit.ingest import ingest_corpus, quality
from findit.ingest.frontmatter import WARNING
from findit.settings import Settings
from findit.text import decimal

# How many examples of each problem the text report lists (the JSON report lists them all).
TEXT_EXAMPLES = 10
# Flags of a file read with a fallback (lenient front matter, another encoding, a PDF read in part, a
# calendar's broken lines): the report lists them as warnings.
WARNING_PREFIXES = (f"{WARNING} :", f"{quality.ENCODING} :", quality.PDF_IN_PART, f"{quality.CALENDAR} :")


def _warnings(doc: Document) -> list[str]:
    return [flag for flag in doc.flags if flag.startswith(WARNING_PREFIXES)]


def _brief(doc: Document) -> dict:
    return {"id": doc.id, "source": doc.source, "kind": doc.kind, "title": doc.title, "flags": list(doc.flags)}


def build_report(settings: Settings) -> dict:
    """Counts and lists: documents by kind, skipped files with reasons, drafts, junk, duplicate groups,
    documents without a date or a title, and every flag raised."""
    started = time.perf_counter()
    corpus = ingest_corpus(settings.corpus, settings)
    seconds = time.perf_counter() - started
    docs = corpus.documents

    by_kind = Counter(doc.kind for doc in docs)
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        if doc.duplicate_group:
            groups[doc.duplicate_group].append(doc)
    flag_counts: Counter = Counter()
    for doc in docs:
        for flag in doc.flags:
            flag_counts[_flag_family(flag)] += 1
    sources_with_docs = {doc.source for doc in docs}
    no_title = [doc for doc in docs if not doc.title or any(f.startswith(quality.NO_TITLE) for f in doc.flags)]
    return {
        "corpus": str(settings.corpus),
        "seconds": round(seconds, 3),
        "files": {
            "seen": corpus.files_seen,
            "with_documents": len(sources_with_docs),
            "skipped": len(corpus.skipped),
        },
        "documents": {
            "total": len(docs),
            "by_kind": {kind: by_kind[kind] for kind in Kind.ALL if by_kind[kind]},
        },
        "skipped": [{"source": s.source, "reason": s.reason} for s in corpus.skipped],
        "skipped_by_reason": dict(Counter(s.code for s in corpus.skipped).most_common()),
        "warnings": [
            {"source": doc.source, "warnings": _warnings(doc)}
            for doc in docs
            if _warnings(doc) and doc.kind != Kind.COVERAGE
        ],
        "drafts": [_brief(doc) for doc in docs if doc.draft],
        "junk": [_brief(doc) for doc in docs if doc.junk],
        "other_flags": [
            _brief(doc) for doc in docs if doc.flags and not doc.draft and not doc.junk and not _warnings(doc)
        ],
        "languages": dict(Counter(doc.lang or "unknown" for doc in docs).most_common()),
        "duplicate_groups": [
            {"group": group, "documents": [_brief(doc) for doc in members]} for group, members in sorted(groups.items())
        ],
        "no_date": [_brief(doc) for doc in docs if doc.date is None and doc.event_date is None and doc.year is None],
        "no_title": [_brief(doc) for doc in no_title],
        "flags": dict(flag_counts.most_common()),
    }


def _flag_family(flag: str) -> str:
    """A flag without its particulars: the words before its colon ("en-tête : clé « x » en double…" →
    "en-tête"), else the whole flag with its numbers as N ("date de l'événement N en désaccord…")."""
    head = flag.split(":", 1)[0] if ":" in flag[:50] else flag  # a colon past that is in the particulars
    return re.sub(r"\d[\d-]*", "N", head).strip()


def format_report(report: dict, width: int = 80) -> str:
    """The report as French text for a terminal of `width` columns: long lines wrap, indented under their
    start. Reasons and flags are ingestion's own words (French), as in the JSON report."""
    files = report["files"]
    docs = report["documents"]
    lines: list[str] = []

    def say(text: str, indent: int = 0) -> None:
        lines.extend(
            textwrap.wrap(
                text,
                width=max(width, 20),
                initial_indent=" " * indent,
                subsequent_indent=" " * (indent + 4),
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )

    def more(count: int) -> None:
        say(f"… et {count} de plus (voir --json)", 2)

    say(f"Corpus : {report['corpus']}")
    say(
        f"Fichiers : {files['seen']} vus, {files['with_documents']} ont donné des documents, "
        f"{files['skipped']} ignorés (lus en {decimal(report['seconds'])} s)"
    )
    say(f"Documents : {docs['total']}")
    for kind, count in docs["by_kind"].items():
        say(f"{Kind.LABELS_FR.get(kind, kind)} ({kind}) : {count}", 2)
    languages = report["languages"].items()
    say("Langues : " + ", ".join(f"{'inconnue' if lang == 'unknown' else lang} {count}" for lang, count in languages))

    lines.append("")
    say(f"Fichiers ignorés : {files['skipped']}")
    for item in report["skipped"]:
        say(f"{item['source']} : {item['reason']}", 2)

    warned = report["warnings"]
    lines.append("")
    say(f"Avertissements (lus avec un repli) : {len(warned)}")
    for item in warned[: TEXT_EXAMPLES * 3]:
        say(f"{item['source']} : {'; '.join(item['warnings'])}", 2)
    if len(warned) > TEXT_EXAMPLES * 3:
        more(len(warned) - TEXT_EXAMPLES * 3)

    def section(title: str, items: list[dict]) -> None:
        lines.append("")
        say(f"{title} : {len(items)}")
        for item in items[:TEXT_EXAMPLES]:
            why = f" — {'; '.join(item['flags'])}" if item["flags"] else ""
            say(f"{item['source']} : {item['title'] or '(sans titre)'}{why}", 2)
        if len(items) > TEXT_EXAMPLES:
            more(len(items) - TEXT_EXAMPLES)

    section("Brouillons", report["drafts"])
    section("Contenu de test ou sans valeur", report["junk"])
    section("Autres documents signalés (nettoyés à la lecture)", report["other_flags"])

    groups = report["duplicate_groups"]
    lines.append("")
    say(f"Groupes de doublons : {len(groups)} ({sum(len(g['documents']) for g in groups)} documents)")
    for group in groups[:TEXT_EXAMPLES]:
        sources = ", ".join(doc["source"] for doc in group["documents"])
        say(f"{group['documents'][0]['title'] or '(sans titre)'} : {sources}", 2)
    if len(groups) > TEXT_EXAMPLES:
        more(len(groups) - TEXT_EXAMPLES)

    section("Sans date", report["no_date"])
    section("Sans titre propre", report["no_title"])

    if report["flags"]:
        lines.append("")
        say("Signalements :")
        for flag, count in report["flags"].items():
            say(f"{count:5d}  {flag}", 2)
    return "\n".join(lines)
