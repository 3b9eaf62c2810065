"""Small real files made on the spot for the format tests: PDFs written object by object (text placed
where a page shows it, an image-only page, an encrypted one, a decompression bomb), no binary fixture."""

from __future__ import annotations

import zlib
from pathlib import Path

Text = tuple  # (x, y, text) or (x, y, text, font size): y from the bottom of an A4 page


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[Text], size: int = 11) -> bytes:
    parts = [b"BT"]
    for x, y, text, *font in lines:
        parts.append(b"/F1 %d Tf 1 0 0 1 %.1f %.1f Tm (%s) Tj" % (font[0] if font else size, x, y, _escape(text)))
    parts.append(b"ET")
    return b"\n".join(parts)


def write_pdf(
    path: Path,
    pages: list[list[Text]] | None = None,
    *,
    streams: list[bytes] | None = None,
    encrypt: bool = False,
    info: dict[str, str] | None = None,
    extra_resources: bytes = b"",
    extra_objects: list[bytes] | None = None,
) -> Path:
    """A valid PDF whose pages show `pages` (or hold the raw content `streams`)."""
    contents = streams if streams is not None else [_content(lines) for lines in pages or []]
    objects: list[bytes] = []  # object n is objects[n - 1]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, once the pages are known
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for extra in extra_objects or []:
        objects.append(extra)
    kids = []
    for content in contents:
        stream_number = len(objects) + 1
        if content.startswith(b"FLATE:"):
            data = content[len(b"FLATE:") :]
            objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data))
        else:
            objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> %s >> >>" % (stream_number, extra_resources)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    trailer_extra = b""
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), _escape(v)) for k, v in info.items())
        objects.append(b"<< %s >>" % entries)
        trailer_extra += b" /Info %d 0 R" % len(objects)
    if encrypt:
        # The standard handler, revision 2, with a user password findit does not have: no empty password
        # opens it.
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"ab" * 32, b"cd" * 32))
        trailer_extra += (
            b" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
            % len(objects)
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    path.write_bytes(bytes(out))
    return path


def bomb_stream(megabytes: int) -> bytes:
    """A content stream of `megabytes` MB of zeros, deflated to a few hundred bytes per MB."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return b"FLATE:" + data


def image_only_page() -> tuple[bytes, bytes, bytes]:
    """(content stream, resources, image object) of a page showing a 2×2 grey image and no text: a scan."""
    image = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream"
    return b"q 500 0 0 700 40 70 cm /Im1 Do Q", b"/XObject << /Im1 4 0 R >>", image
