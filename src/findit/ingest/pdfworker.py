"""The child process that reads one PDF (run by pdf.py): the PDF's bytes on stdin, JSON lines on stdout.

It limits its own memory first (a PDF bomb makes it fail, not the machine swap), then prints the
document information, the first page's lines with their font sizes (for the title), and each page's
paragraphs in reading order (pdfminer's layout analysis reads a two-column page column by column), one
line per page, so that what was read before a time limit is kept."""

from __future__ import annotations

import io
import json
import re
import resource
import sys

# Lines of the first page passed on for finding the title.
FIRST_PAGE_LINES = 40


def _emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _text(value: object) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value)  # UTF-16 with its BOM, else PDFDocEncoding
    return str(value) if value is not None else ""


def _paragraph(lines: list[str]) -> str:
    """A text box's lines as one paragraph: a word cut by a hyphen at a line's end is joined again."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"\s+", " ", text).strip()


def main() -> int:
    limit_mb, max_pages = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 1024 * 1024, limit_mb * 1024 * 1024))
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextBox
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    data = sys.stdin.buffer.read()
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        info = document.info[0] if document.info else {}
        meta = {key: _text(info.get(key)) for key in ("Title", "Author", "CreationDate", "ModDate", "Producer")}
        _emit({"meta": meta})
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        count = 0
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            if number > max_pages:
                _emit({"more_pages": True})
                break
            interpreter.process_page(page)
            layout = device.get_result()
            paragraphs: list[str] = []
            lines: list[list] = []
            images = 0
            for box in layout:
                if not isinstance(box, LTTextBox):
                    images += 1
                    continue
                texts = [line.get_text() for line in box]
                if texts and all(len(t.strip()) <= 2 for t in texts):
                    paragraphs.append("".join(t.strip() for t in texts))  # rotated text, one letter a line
                else:
                    paragraphs.append(_paragraph(texts))
                if number == 1 and len(lines) < FIRST_PAGE_LINES:
                    for line in box:
                        sizes = sorted(c.size for c in line if isinstance(c, LTChar))
                        if sizes and line.get_text().strip():
                            lines.append([round(sizes[len(sizes) // 2], 1), line.get_text().strip()])
            record: dict = {"page": number, "paragraphs": [p for p in paragraphs if p], "images": images}
            if number == 1:
                record["lines"] = lines
            _emit(record)
            count = number
        _emit({"done": count})
    # Each error with its findit.ingest.skips.Skip code, written out: the worker imports nothing of findit.
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        _emit(
            {
                "error": f"PDF chiffré : il faut un mot de passe pour le lire ({type(exc).__name__})",
                "code": "encrypted-pdf",
            }
        )
    except PDFSyntaxError as exc:
        _emit({"error": f"PDF illisible ({exc})", "code": "bad-pdf"})
    except MemoryError:
        _emit({"error": f"lire ce PDF demande plus de {limit_mb} Mo (une bombe PDF ?)", "code": "pdf-memory"})
    except Exception as exc:  # noqa: BLE001 - any failure of the PDF library is this file's reason, not a crash
        _emit({"error": f"PDF illisible ({type(exc).__name__} : {exc})"[:300], "code": "bad-pdf"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
