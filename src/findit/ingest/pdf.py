"""A PDF to its document: text in reading order (pdfworker.py, in a child process limited in time and
memory), a title from the document information when it is a real one, else from the first page's
largest lines, a date from the first page's text (else the PDF's creation date).

A corrupt or encrypted PDF, a bomb, a scan without a text layer: each is reported with its reason,
never indexed empty; a PDF read only in part (too many pages, too slow) keeps what was read, flagged."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from findit.documents import Document, Kind
from findit.ingest import lang, people, peopletext, quality
from findit.ingest.dates import NO_DATE, ParsedDate, make_date
from findit.ingest.docdates import PageDates
from findit.ingest.ids import source_id
from findit.ingest.kinds import ANNOUNCEMENT, folder_kind, name_kind
from findit.ingest.paths import read_path
from findit.ingest.reading import UnreadableFile
from findit.ingest.skips import Skip
from findit.ingest.textdates import find_event_date, mentions, parse_appointment, parse_text
from findit.settings import Settings
from findit.text import composed

# Document-information titles that are no title: the producing program's, a file name, a template's.
_BAD_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint)|untitled|sans titre|document\d*|présentation\d*)\b|"
                        r"\.(?:docx?|pptx?|indd|pdf|odt)\b|^[\w-]+$", re.IGNORECASE)  # fmt: skip
_PDF_DATE = re.compile(r"D?:?(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?")
MAX_TITLE_CHARS = 160
SUBTITLE_WORDS = 6
MAX_TITLE_LINES = 4


def _run(data: bytes, settings: Settings) -> tuple[list[dict], tuple[Skip, str] | None]:
    """The worker's records, and why it stopped early (None when it finished)."""
    command = [
        sys.executable, "-m", "findit.ingest.pdfworker", str(settings.max_parse_memory_mb), str(settings.max_pdf_pages)
    ]  # fmt: skip
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    stopped: tuple[Skip, str] | None = None
    try:
        out, _ = process.communicate(data, timeout=settings.max_seconds_per_file)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        stopped = Skip.PDF_TIMEOUT, f"lecture arrêtée après {settings.max_seconds_per_file:g} s (la limite de temps)"
    records = []
    for line in out.decode("utf-8", "replace").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a line cut by the kill
    if not stopped and not any("done" in r or "error" in r for r in records):
        stopped = (
            Skip.PDF_CRASH,
            f"le lecteur de PDF s'est arrêté (il lui faut plus de {settings.max_parse_memory_mb} Mo, ou il a planté)",
        )
    return records, stopped


def letter_spaced(text: str) -> bool:
    """ "L E  N U M É R I Q U E D ’ I N T É R Ê T": display type whose words cannot be told apart."""
    tokens = text.split()
    return len(tokens) >= 6 and sum(len(t) == 1 for t in tokens) >= 0.7 * len(tokens)


def _title(meta: dict, lines: list[list]) -> str:
    stated = (meta.get("Title") or "").strip()
    if stated and not _BAD_TITLE.search(stated) and len(stated.split()) >= 2:
        return stated
    if not lines:
        return ""
    sizes = sorted({size for size, _ in lines}, reverse=True)
    body = sorted(size for size, _ in lines)[len(lines) // 2]
    for size in sizes:
        chosen = [i for i, (s, text) in enumerate(lines) if s == size]
        first = chosen[0]
        run = [first]
        # A title runs over a few lines of its size when larger than the text, or short (a cover's).
        while len(run) < MAX_TITLE_LINES and run[-1] + 1 < len(lines) and lines[run[-1] + 1][0] == size:
            following = lines[run[-1] + 1][1]
            if size <= body and len(following.split()) > SUBTITLE_WORDS - 1:
                break
            run.append(run[-1] + 1)
        title = " ".join(lines[i][1] for i in run)
        if re.fullmatch(r"[\d\W]*", title) or len(title) < 3 or letter_spaced(title):
            continue  # a page number, a year alone, letter-spaced display type
        # An issue's title goes on to its number and date ("Lettre d'information", "N°11 – Octobre 2021"):
        # the short lines after it up to the first that states a date, if one does.
        subtitle: list[str] = []
        for _, text in lines[run[-1] + 1 : run[-1] + 4]:
            if len(text.split()) > SUBTITLE_WORDS:
                break
            subtitle.append(text)
            if any(m.year for m in mentions(text)):
                title = f"{title} — {' '.join(subtitle)}"
                break
        return title[:MAX_TITLE_CHARS].strip()
    return ""


def _creation_date(meta: dict) -> ParsedDate:
    match = _PDF_DATE.match(meta.get("CreationDate") or "")
    if not match:
        return NO_DATE
    return make_date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1), match.group(0))


# What ends a sentence, or a line that a list or a heading closes.
_SENTENCE_END = frozenset('.!?…:;»”"')


def sentences_joined(paragraphs: list[str]) -> list[str]:
    """The text boxes of the layout, a box a sentence runs on into made one paragraph with it: a box that
    ends without a sentence's last sign, followed by one that opens in lower case (lines the layout set
    apart, as some brochures and reports space every line; a column's or a page's end). A word cut by a
    hyphen is joined again, as within a box."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and out[-1][-1:] not in _SENTENCE_END and paragraph[:1].islower():
            out[-1] = out[-1][:-1] + paragraph if out[-1].endswith("-") else f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return out


def read_pdf(source: str, data: bytes, settings: Settings) -> list[Document]:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableFile(Skip.NOT_PDF, "pas un PDF (pas d'en-tête %PDF)")
    records, stopped = _run(data, settings)
    errors = [(Skip(r.get("code", Skip.BAD_PDF)), r["error"]) for r in records if "error" in r]
    pages = [r for r in records if "page" in r]
    meta: dict = next((r["meta"] for r in records if "meta" in r), {})
    paragraphs = [composed(p) for p in sentences_joined([p for page in pages for p in page["paragraphs"]])]
    if errors and not paragraphs:
        raise UnreadableFile(*errors[0])
    if not paragraphs:
        if stopped:
            raise UnreadableFile(*stopped)
        if pages:
            raise UnreadableFile(
                Skip.SCANNED_PDF, f"PDF numérisé sans couche texte ({len(pages)} page(s)) : OCR nécessaire"
            )
        raise UnreadableFile(Skip.EMPTY_PDF, "PDF sans page")
    flags: list[str] = []
    if stopped or errors:
        flags.append(f"{quality.PDF_IN_PART} ({len(pages)} page(s)) : {(stopped or errors[0])[1]}")
    if any(r.get("more_pages") for r in records):
        flags.append(f"{quality.PDF_IN_PART} : pages au-delà de la {settings.max_pdf_pages}e laissées de côté")
    info = read_path(source)
    lines = pages[0].get("lines", []) if pages else []
    title = composed(_title(meta, lines))
    if not title:
        title = info.name_title
        flags.append(quality.TITLE_FROM_FILE_NAME)
    first_page = " ".join(pages[0]["paragraphs"][:12]) if pages else ""
    published = parse_text(title)  # an issue's date is in its title; else the first one of its first page
    if not published.value:
        published = parse_text(first_page)
    if not published.value:
        published = _creation_date(meta)
        if published.value:
            flags.append("date : date de création du PDF")
    head = " ".join([title, *(pages[0]["paragraphs"][:3] if pages else [])])
    announced = ANNOUNCEMENT.search(title) or parse_appointment(head, published.year).value
    kind = folder_kind(info) or (Kind.EVENT if announced else name_kind(info) or Kind.PAGE)
    dates = PageDates(published)
    if kind == Kind.EVENT:
        event = find_event_date([title, first_page], published.value if published.value else None)
        if event.value:
            dates.event = event
    found = people.People()
    peopletext.from_text(paragraphs, found, event=kind == Kind.EVENT)
    found.finish(speaking=kind in Kind.SPEAKING)
    body = "\n\n".join(paragraphs)
    doc = Document(
        id=source_id(source),
        kind=kind,
        title=title,
        body=body,
        source=source,
        author=(meta.get("Author") or "").strip(),
        speakers=found.speakers,
        organisations=found.organisations,
        people=found.people,
        lang=lang.language(info.lang, body),
        flags=flags,
    )
    dates.apply(doc)
    quality.flag_document(doc)
    if info.draft:
        quality.mark_draft(doc, info.draft)
    return [doc]
