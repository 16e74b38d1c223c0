"""Reading article files of every format into ``Article`` records.

``read_articles(path_or_bytes, filename=None, *, published=None)`` takes a path, bytes (with a file
name that tells the format) or a binary file object, and returns the articles in it:

- ``.txt``, ``.text``, ``.md``, ``.markdown``: plain text split by ``split_plain_text`` (a file
  that is really a whole HTML page is read as HTML).
- ``.html``, ``.htm``, ``.xhtml``: one article; trafilatura finds the main text, title and date
  (navigation, scripts and comments are dropped; the date comes from the page's markup, never
  guessed from its text). A page of more than ``HTML_MAX_TAGS`` tags is refused: extraction time
  grows faster than the page.
- ``.json``: an array of objects, or an object holding one (``{"articles": [...]}``, nested up to
  three levels), or one object; ``.jsonl``/``.ndjson``: one object a line. ``.csv``/``.tsv``: a
  header row, then one article a row. Fields are found by name (``ColumnMapping``); values holding
  HTML markup are turned into text by trafilatura.
- ``.zip``: the files above inside it (and inside one nested ``.zip``), read in memory only; member
  names are data, never paths. Size, ratio and member-count limits stop zip bombs.
- ``.pdf``, ``.docx``: the document's text (``analytics.documents``: pypdf, python-docx), split as
  plain text; password-protected, damaged, image-only and empty documents are refused.
- no extension: the content decides (ZIP, PDF, HTML, JSON, else plain text).

``Article.source`` is the file name as given (a path's last part), ``archive.zip/member.txt`` for
zip members, and ``feed.json (Outlet)`` for records that name their outlet. Names are only data:
``safe_display_name`` makes one fit to show in a message.

Text is decoded from UTF-8 (with or without BOM), UTF-16/32 (with BOM, or UTF-16 without one when
every other byte is NUL), an encoding that an HTML page declares, or a legacy encoding detected by
charset-normalizer. Anything unreadable raises ``InputError`` with one sentence for the user and a
stable ``code``. An article of 10 MB on one line is read (in linear time) as one untitled article.

The result is an ``Articles`` list: its ``notes`` say what the reader guessed or skipped, and its
``mappings`` give the fields used per JSON/CSV source (``describe_mapping`` words them).

The package, by concern: ``limits`` (size limits, read at call time), ``common`` (formats by
extension, display names, errors), ``decoding`` (bytes to text), ``web`` (HTML), ``records``
(JSON, JSON Lines, CSV), ``zips`` (archives). Messages are ``analytics/messages/reading.toml``;
the tables (formats, binary signatures, field names, encodings) are
``analytics/knowledge/reading_*.tsv``.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import BinaryIO

from analytics import messages
from analytics.articles import Article, plain_utf8_text, split_decoded_text, split_plain_text
from analytics.reading import limits
from analytics.reading.common import (
    DOCUMENT_EXTENSIONS,
    FORMATS,
    SUPPORTED_EXTENSIONS,
    clean_name,
    extension,
    fail,
)
from analytics.reading.common import safe_display_name as safe_display_name
from analytics.reading.decoding import binary_error, binary_kind, decode_text
from analytics.reading.limits import MAX_FILE_BYTES as MAX_FILE_BYTES
from analytics.reading.limits import MIB as MIB
from analytics.reading.records import Articles, read_csv, read_json
from analytics.reading.records import ColumnMapping as ColumnMapping
from analytics.reading.records import describe_mapping as describe_mapping
from analytics.reading.records import guess_mapping as guess_mapping
from analytics.reading.web import read_html
from analytics.reading.zips import ZipBudget, read_zip

#: The parser of each format that is not plain text.
_PARSERS = {"html": "html", "json": "json", "jsonl": "json", "csv": "csv", "tsv": "csv"}
#: The start of a whole HTML document (checked on its first 1,000 characters, lower-cased).
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.DOTALL)


def read_articles(
    path_or_bytes: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    filename: str | None = None,
    *,
    published: date | None = None,
) -> Articles:
    """The articles in a file: a path, bytes or a binary file object (``filename`` names the
    bytes; its extension tells the format). ``published`` dates articles that carry no date.

    Raises ``InputError`` (with a message for the user) when the file cannot be read.
    """
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        data = bytes(path_or_bytes)
        name = filename if filename is not None else messages.text("reading.uploaded_bytes")
    elif isinstance(path_or_bytes, str | os.PathLike):
        path = Path(path_or_bytes)
        name = filename if filename is not None else path.name
        data = _read_path(path, name)
    elif hasattr(path_or_bytes, "read"):
        given = str(getattr(path_or_bytes, "name", "") or "")
        name = filename if filename is not None else given.replace("\\", "/").rsplit("/", 1)[-1]
        name = name or messages.text("reading.uploaded_file")
        data = path_or_bytes.read(limits.MAX_FILE_BYTES + 1)
        if not isinstance(data, bytes):
            raise TypeError("read_articles needs a binary file object (opened with 'rb')")
    else:
        raise TypeError(f"read_articles takes a path, bytes or a file, not {type(path_or_bytes)}")
    result = Articles()
    budget = ZipBudget()
    result.extend(_read_data(data, clean_name(name), published, result, budget, depth=0))
    return result


def _read_path(path: Path, name: str) -> bytes:
    try:
        is_dir = path.is_dir()
        size = None if is_dir else path.stat().st_size
    except FileNotFoundError:
        raise fail("reading.not_found", name) from None
    except (OSError, ValueError) as exc:
        raise fail("reading.unreadable", name, reason=_os_reason(exc)) from None
    if is_dir:
        raise fail("reading.not_a_file", name)
    if size is not None and size > limits.MAX_FILE_BYTES:
        raise _too_large(name, limits.size_text(size))
    try:
        with path.open("rb") as fh:
            # The size stat gave and one byte more, then the rest only if the file grew since:
            # asking for the whole limit costs a 25 MB buffer per file, more than a small file's
            # reading. The bytes are the same either way.
            expected = size or 0
            data = fh.read(expected + 1)
            if len(data) > expected:
                data += fh.read(limits.MAX_FILE_BYTES + 1 - len(data))
            return data
    except FileNotFoundError:
        raise fail("reading.not_found", name) from None
    except IsADirectoryError:
        raise fail("reading.not_a_file", name) from None
    except (OSError, ValueError) as exc:
        raise fail("reading.unreadable", name, reason=_os_reason(exc)) from None


def _too_large(name: str, size: str) -> Exception:
    limit = limits.size_text(limits.MAX_FILE_BYTES)
    return fail("reading.too_large", name, size=size, limit=limit)


def _os_reason(exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return str(reason).lower()


def _read_data(
    data: bytes,
    name: str,
    published: date | None,
    result: Articles,
    budget: ZipBudget,
    depth: int,
) -> list[Article]:
    """Check, decode and parse one file's bytes (a top-level file or a zip member)."""
    if len(data) > limits.MAX_FILE_BYTES:
        if len(data) == limits.MAX_FILE_BYTES + 1:  # read to the limit and a byte: size unknown
            size = messages.say("reading.more_than", size=limits.size_text(limits.MAX_FILE_BYTES))
        else:
            size = limits.size_text(len(data))
        raise _too_large(name, size)
    if not data:
        raise fail("reading.empty", name)
    ext = extension(name)
    if ext in DOCUMENT_EXTENSIONS or (not ext and data.startswith(b"%PDF-")):
        return _read_document(data, name, ext or ".pdf", published)
    kind = binary_kind(data)
    if ext == ".zip" or (not ext and data.startswith(b"PK\x03\x04")):
        if depth > 1:
            raise fail("reading.nested_archive", name)
        if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return read_zip(data, name, published, result, budget, depth, _read_data)
        if kind is None:
            raise fail("reading.bad_zip", name, reason=messages.text("reading.not_a_zip"))
    if kind is not None:
        raise binary_error(name, kind)
    if ext and ext not in SUPPORTED_EXTENSIONS:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        raise fail("reading.unsupported", name, ext=ext, supported=supported)
    fmt = FORMATS.get(ext)
    text, utf, wide = decode_text(data, name, html=fmt == "html")
    if not text or text.isspace():  # not text.strip(), which copies the whole text
        raise fail("reading.blank", name)
    parser = _parser_of(fmt, ext, text)
    if parser == "html":
        return [read_html(text, name, published)]
    if parser == "json":
        return read_json(text, name, published, result, lines=fmt == "jsonl")
    if parser == "csv":
        return read_csv(text, name, published, result, tab=fmt == "tsv")
    if utf:  # no lone surrogate to look for (see _decode_text)
        plain = wide is not None and plain_utf8_text(data, wide)
        return split_decoded_text(text, source=name, published=published, plain=plain)
    return split_plain_text(text, source=name, published=published)


def _read_document(data: bytes, name: str, ext: str, published: date | None) -> list[Article]:
    """Articles from a PDF or Word document: its text, split as plain text is."""
    from analytics.documents import docx_text, pdf_text

    read = pdf_text if FORMATS[ext] == "pdf" else docx_text
    text = read(data, name, limits.MAX_FILE_BYTES)
    return split_plain_text(text, source=name, published=published)


def _parser_of(fmt: str | None, ext: str, text: str) -> str:
    """The parser for a file: by its format (from the extension), and by content when the
    extension is missing or when a text file is really a whole HTML page."""
    if fmt in _PARSERS:
        return _PARSERS[fmt]
    head = text[:1000].lower()
    if _HTML_START.match(head):
        return "html"
    if not ext and head.lstrip()[:1] in ("[", "{"):
        return "json"
    return "text"
