"""Text out of PDF and Word (.docx) documents, for ``analytics.reading``.

PDFs are read with pypdf, Word documents with python-docx; both only ever read: nothing in a
document is run, fetched or rendered. Every way a document can fail to give text (a password, a
damaged file, no text layer because the pages are scanned images, too many pages, a zip bomb inside
a .docx) raises ``InputError`` with one sentence saying why and what to do instead.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterator

from analytics import messages
from analytics.errors import InputError
from analytics.reading.common import fail

log = logging.getLogger(__name__)

#: Most pages read from one PDF (text extraction costs time per page; news is never this long).
MAX_PDF_PAGES = 2000
#: Most parts (files) inside a .docx package; a real document has a few dozen.
MAX_DOCX_PARTS = 1000
#: A .docx part that unpacks to more than this many times its packed size is a zip bomb ...
MAX_DOCX_RATIO = 200
#: ... once it unpacks to more than this many bytes.
DOCX_RATIO_FLOOR = 1024 * 1024


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()).rstrip(".") or type(exc).__name__
    return text[:120]


def pdf_text(data: bytes, name: str, max_chars: int) -> str:
    """The text of a PDF, page after page (blank line between pages), at most ``max_chars``.

    ``name`` is the file's display name, quoted, for the messages.
    """
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                # An owner password alone (printing/copy rights) leaves the empty user password.
                opened = reader.decrypt("")
            except (FileNotDecryptedError, NotImplementedError, PdfReadError, ValueError):
                opened = 0
            if not opened:
                raise fail("documents.pdf_encrypted", name)
        pages = len(reader.pages)
    except InputError:
        raise
    except FileNotDecryptedError:
        raise fail("documents.pdf_encrypted", name) from None
    except Exception as exc:  # pypdf raises many kinds on broken files; all mean "damaged"
        raise fail("documents.pdf_damaged", name, reason=_reason(exc)) from None
    if pages > MAX_PDF_PAGES:
        raise fail("documents.pdf_too_many_pages", name, pages=pages, limit=MAX_PDF_PAGES)
    if pages == 0:
        raise fail("documents.pdf_damaged", name, reason=messages.text("documents.no_pages"))

    def page_texts() -> Iterator[str]:
        for page in reader.pages:
            yield page.extract_text() or ""

    return _joined(page_texts, name, max_chars, code="pdf", pages=pages)


def docx_text(data: bytes, name: str, max_chars: int) -> str:
    """The text of a Word document: its paragraphs and table rows in order (cells joined by
    `` | ``), a blank line between paragraphs, at most ``max_chars``."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # an OLE file: encrypted or .doc
        raise fail("documents.docx_encrypted", name)
    _check_package(data, name)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # a zip that is not a Word package, broken XML, missing parts
        raise fail("documents.docx_damaged", name, reason=_reason(exc)) from None

    def blocks() -> Iterator[str]:
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                yield Paragraph(child, document).text
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells = [" ".join(c.text.split()) for c in row.cells]
                    yield " | ".join(dict.fromkeys(c for c in cells if c))  # merged cells repeat

    return _joined(blocks, name, max_chars, code="docx")


def _check_package(data: bytes, name: str) -> None:
    """Refuse a .docx from its zip directory alone: not a zip, too many parts, or a part that
    unpacks to hundreds of times its packed size or past the size limit of a file."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,  # a directory that claims a zip version Python does not read
    ) as exc:
        raise fail("documents.docx_damaged", name, reason=_reason(exc)) from None
    if len(infos) > MAX_DOCX_PARTS:
        detail = messages.say("documents.parts", count=len(infos))
        raise fail("documents.docx_bomb", name, detail=detail)
    total = 0
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > DOCX_RATIO_FLOOR and size / packed > MAX_DOCX_RATIO:
            detail = messages.say("documents.part_ratio", ratio=size // packed)
            raise fail("documents.docx_bomb", name, detail=detail)
        total += size
    if total > 200 * 1024 * 1024:
        detail = messages.say("documents.unpacks_to", mb=total // 2**20)
        raise fail("documents.docx_bomb", name, detail=detail)


def _joined(
    parts: Callable[[], Iterator[str]], name: str, max_chars: int, *, code: str, pages: int = 0
) -> str:
    """The non-blank ``parts`` joined by blank lines, stopping at ``max_chars``; an error when
    none holds text."""
    out: list[str] = []
    size = 0
    try:
        for part in parts():
            lines = [" ".join(line.split()) for line in part.replace("\r", "\n").split("\n")]
            text = "\n".join(line for line in lines if line)
            if not text:
                continue
            out.append(text)
            size += len(text) + 2
            if size > max_chars:
                break
    except InputError:
        raise
    except Exception as exc:  # a page or part that breaks halfway: what was read is kept
        if not out:
            damaged = "documents.pdf_damaged" if code == "pdf" else "documents.docx_damaged"
            raise fail(damaged, name, reason=_reason(exc)) from None
        log.info("%s: reading stopped early: %r", name, exc)
    if not out:
        if code == "pdf":
            raise fail("documents.pdf_no_text", name, pages=pages, s="s" if pages != 1 else "")
        raise fail("documents.docx_no_text", name)
    return "\n\n".join(out)[:max_chars]
