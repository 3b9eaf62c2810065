"""One file's bytes to its documents, by format: text with or without front matter (assemble.py), HTML
pages (htmlpage.py), PDF (pdf.py), iCalendar (icsfile.py), YAML data files (datafile.py).

Never raises for bad content: a file gives documents, or a SkippedFile with its reason. No document
without text reaches the index."""

from __future__ import annotations

from findit.documents import Document, SkippedFile
from findit.ingest import files, quality, reading
from findit.ingest.reading import UnreadableFile
from findit.ingest.skips import Skip
from findit.settings import Settings


def read(source: str, data: bytes, settings: Settings) -> list[Document] | SkippedFile:
    try:
        documents = _documents(source, data, settings)
    except UnreadableFile as exc:
        return exc.skipped(source)
    except RecursionError:
        return SkippedFile(source, "balisage trop imbriqué pour être lu", Skip.TOO_DEEP)
    except Exception as exc:  # noqa: BLE001 - a reading rule's bug stops one file, never the whole build
        return SkippedFile(
            source, f"lecture impossible ({type(exc).__name__} : {exc}) ; le reste est indexé", Skip.ERROR
        )
    kept = [doc for doc in documents if _has_text(doc)]
    if not kept:
        if any(quality.TEMPLATE_ONLY_BODY in doc.flags for doc in documents):
            return SkippedFile(source, quality.TEMPLATE_ONLY, Skip.TEMPLATE_ONLY)
        return SkippedFile(source, "aucun texte dans le fichier", Skip.NO_TEXT)
    documents = kept
    return documents


def _has_text(doc: Document) -> bool:
    """Text of its own: a title made from the file name alone is none."""
    if doc.body.strip() or doc.summary.strip():
        return True
    return bool(doc.title.strip()) and quality.TITLE_FROM_FILE_NAME not in doc.flags


def _documents(source: str, data: bytes, settings: Settings) -> list[Document]:
    suffix = files.suffix_of(source.rsplit("/", 1)[-1])
    if suffix in files.PDF_SUFFIXES:
        from findit.ingest.pdf import read_pdf

        return read_pdf(source, data, settings)
    if suffix in files.CALENDAR_SUFFIXES:
        from findit.ingest.icsfile import read_calendar

        return read_calendar(source, *reading.decode(data))
    if suffix in files.DATA_SUFFIXES:
        from findit.ingest.datafile import read_data_file

        return read_data_file(source, *reading.decode(data))
    from findit.ingest.assemble import build

    if suffix in files.HTML_SUFFIXES:
        text, warning = reading.decode(data, reading.declared_charset(data), fallback="windows-1252")
        warnings = [f"{quality.ENCODING} : {warning}"] if warning else []
        if text.lstrip("\ufeff").startswith(("---", "+++")):
            return build(source, text, warnings)  # a site generator's template page (Jekyll, Hugo layouts)
        from findit.ingest.htmlpage import read_html

        return read_html(source, text, warnings)
    text, warning = reading.decode(data)
    return build(source, text, [f"{quality.ENCODING} : {warning}"] if warning else [])
