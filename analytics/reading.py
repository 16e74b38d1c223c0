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
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import logging
import lzma
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from analytics.articles import (
    Article,
    parse_date,
    plain_utf8_text,
    split_decoded_text,
    split_plain_text,
)
from analytics.errors import InputError

log = logging.getLogger(__name__)

# ==================================================================================================
# Settings
# ==================================================================================================

#: A mebibyte: the reader's size limits count in 2**20 bytes (ingest and the benchmarks' MB
#: are 10**6 bytes, ``analytics.batches.MB``).
MIB = 1024 * 1024

#: File extensions ``read_articles`` reads, in the order the UI lists them.
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".json",
    ".jsonl",
    ".ndjson",
    ".csv",
    ".tsv",
    ".zip",
    ".pdf",
    ".docx",
)
#: Document formats read by ``analytics.documents`` (text out of PDF and Word files).
DOCUMENT_EXTENSIONS: tuple[str, ...] = (".pdf", ".docx")

DEFAULT_MAX_FILE_MB = 25
MAX_FILE_MB_ENV = "DEALSCOPE_MAX_FILE_MB"


def _max_file_bytes_from_env() -> int:
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    if raw:
        try:
            mb = float(raw)
        except ValueError:
            mb = 0
        if mb > 0:
            return int(mb * MIB)
        log.warning("%s=%r is not a positive number; using %s MB", MAX_FILE_MB_ENV, raw, 25)
    return DEFAULT_MAX_FILE_MB * MIB


#: Largest file read, in bytes (also the largest member of a zip, unpacked). Set by the environment
#: variable ``DEALSCOPE_MAX_FILE_MB`` (default 25); read at call time, so tests may patch it.
MAX_FILE_BYTES: int = _max_file_bytes_from_env()
#: Most bytes one archive may unpack to, all members together (at least ``MAX_FILE_BYTES``).
MAX_ZIP_TOTAL_BYTES: int = 100 * MIB
#: Most entries (files and folders) in one archive.
MAX_ZIP_MEMBERS: int = 1000
#: A member that unpacks to more than this many times its packed size is a zip bomb ...
MAX_ZIP_RATIO: int = 200
#: ... once it unpacks to more than this.
ZIP_RATIO_FLOOR_BYTES: int = 1 * MIB
#: A web page with more tags than this is refused: trafilatura's time grows faster than the page.
HTML_MAX_TAGS: int = 30_000
#: Per file, at most this many HTML values in JSON/CSV records get trafilatura's full paragraph
#: extraction; the rest (and any value over ``HTML_MAX_TAGS``) become one line of text.
MAX_FULL_FRAGMENTS: int = 500
#: A display name is cut to this many characters.
MAX_DISPLAY_NAME_CHARS = 80

# ==================================================================================================
# Data tables
# ==================================================================================================

#: The messages, by error code. ``{name}`` is the file's display name in quotes.
_MESSAGES: dict[str, str] = {
    "not_found": "{name} was not found: check the file name and its folder.",
    "not_a_file": "{name} is a folder, not a file: choose a file inside it.",
    "unreadable": "{name} could not be opened ({reason}): check that it exists and can be read.",
    "empty": "{name} is empty (0 bytes): choose a file that contains article text.",
    "blank": "{name} holds only blank space: choose a file that contains article text.",
    "too_large": (
        "{name} is {size}, over the {limit} limit for one file: split it into smaller files "
        "(the limit is set by " + MAX_FILE_MB_ENV + ")."
    ),
    "binary": "{name} is {kind}, not text: {advice}",
    "not_utf8": (
        "{name} is not valid UTF-8 (byte 0x{byte:02X} at offset {offset:,} cannot be decoded): "
        "save it as UTF-8 and try again."
    ),
    "undecodable": (
        "{name} is not text in any encoding Dealscope recognises: save it as UTF-8 text and "
        "try again."
    ),
    "bad_json": (
        "{name} is not valid JSON ({error} at line {line}, column {column}): fix the file or "
        "export it again."
    ),
    "bad_jsonl": (
        "{name} line {line} is not valid JSON ({error} at column {column}): each line must be "
        "one JSON object."
    ),
    "json_too_deep": "{name} is nested too deeply to read: export the articles as a flat list.",
    "json_shape": (
        "{name} holds {found}, not a list of articles: expected an array of objects (or an "
        "object holding one) with fields such as title and text."
    ),
    "jsonl_shape": (
        "{name} line {line} holds {found}, not an article: each line must be a JSON object "
        "with fields such as title and text."
    ),
    "no_text_field": (
        "{name} has no text field: fields seen are {columns}; call the article text text, "
        "body, content or description, or the headline title."
    ),
    "no_text_column": (
        "{name} has no text column: columns seen are {columns}; name the article text column "
        "text, body, content or description, or the headline column title."
    ),
    "no_rows": "{name} has no articles: no {unit} in it has a title or a text.",
    "bad_csv": "{name} could not be read as CSV ({error}): export it again as CSV.",
    "html_too_complex": (
        "{name} is too large a web page to find the article in ({tags:,} tags, over the "
        "{limit:,} limit): save the article page alone, or copy its text into a .txt file."
    ),
    "no_text": (
        "{name} has no article text that could be extracted: save the article page itself, or "
        "copy its text into a .txt file."
    ),
    "zip_bomb": "{name} looks like a zip bomb: {detail}; nothing in it was read.",
    "zip_too_large": (
        "{name} would unpack to {size}, over the {limit} limit for one archive: split it into "
        "smaller archives."
    ),
    "zip_member_too_large": (
        "{name} holds {member}, which unpacks to {size}, over the {limit} limit for one file: "
        "split it into smaller files."
    ),
    "zip_too_many": (
        "{name} holds {count:,} entries, more than the {limit:,} allowed in one archive: split "
        "it into smaller archives."
    ),
    "zip_empty": "{name} is an empty ZIP archive: add the article files to it and try again.",
    "zip_no_member": (
        "{name} has no file Dealscope can read ({skipped}): put .txt, .md, .html, .json, "
        ".jsonl, .csv, .pdf or .docx files in it."
    ),
    "bad_zip": (
        "{name} is not a readable ZIP archive ({reason}): it may be damaged or incomplete; "
        "create it again."
    ),
    "damaged_member": "{name} could not be unpacked ({reason}).",
    "nested_archive": "{name} is an archive inside an archive inside an archive: unpack it first.",
    "unsupported": "{name} has an unsupported file type ({ext}): use one of {supported}.",
}

_SAVE_AS_TEXT = "copy the article text into a .txt file, or save the page as .html, and try again."
_NOT_RUN = "Dealscope never runs files; give it the articles as .txt, .html, .json or .csv."

#: Signatures of binary files: (leading bytes, what it is, what to do).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF document", "give it a .pdf name (PDFs are read), or " + _SAVE_AS_TEXT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _SAVE_AS_TEXT),
    (b"\xff\xd8\xff", "a JPEG image", _SAVE_AS_TEXT),
    (b"GIF87a", "a GIF image", _SAVE_AS_TEXT),
    (b"GIF89a", "a GIF image", _SAVE_AS_TEXT),
    (b"II*\x00", "a TIFF image", _SAVE_AS_TEXT),
    (b"MM\x00*", "a TIFF image", _SAVE_AS_TEXT),
    (b"BM", "a BMP image", _SAVE_AS_TEXT),  # only with NUL bytes (see _binary_kind)
    (
        b"PK\x03\x04",
        "a ZIP archive (or an Office document)",
        "give an archive of articles a .zip name; save Office documents as .txt or .csv.",
    ),
    (b"PK\x05\x06", "an empty ZIP archive", "give an archive of articles a .zip name."),
    (b"\x1f\x8b", "a gzip archive", "unpack it, or pack the articles as a .zip."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "pack the articles as a .zip instead."),
    (b"Rar!\x1a\x07", "a RAR archive", "pack the articles as a .zip instead."),
    (b"BZh", "a bzip2 archive", "unpack it, or pack the articles as a .zip."),
    (b"\xfd7zXZ\x00", "an xz archive", "unpack it, or pack the articles as a .zip."),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document",
        "save it as .txt or .csv and try again.",
    ),
    (b"\x7fELF", "a program (ELF executable)", _NOT_RUN),
    (b"MZ", "a program (Windows executable)", _NOT_RUN),  # only with NUL bytes
    (b"\xca\xfe\xba\xbe", "a program (Java class or Mach-O)", _NOT_RUN),
    (b"\xcf\xfa\xed\xfe", "a program (Mach-O executable)", _NOT_RUN),
    (b"\x00asm", "a program (WebAssembly)", _NOT_RUN),
    (b"SQLite format 3\x00", "an SQLite database", "export the articles as .csv or .json."),
    (b"ID3", "an MP3 audio file", _SAVE_AS_TEXT),
    (b"OggS", "an Ogg media file", _SAVE_AS_TEXT),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video", _SAVE_AS_TEXT),
)
#: Signatures that are also plausible starts of text ("MZ Capital raises ...", "BMW ..."): they
#: count only when the file has NUL bytes near its start.
_WEAK_SIGNATURES = frozenset((b"MZ", b"BM"))
#: Container formats recognised at offset 4 or 8: ``....ftyp`` (MP4, MOV, HEIC), RIFF (WAV, AVI,
#: WebP).
_OFFSET_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (4, b"ftyp", "a video or image (MP4/MOV/HEIC)"),
    (8, b"WEBP", "a WebP image"),
    (8, b"AVI ", "an AVI video"),
    (8, b"WAVE", "a WAV audio file"),
)
_GENERIC_BINARY = ("binary data (it holds NUL bytes)", _SAVE_AS_TEXT)
_CONTROL_BINARY = ("binary data (it holds many control characters)", _SAVE_AS_TEXT)

#: Byte-order marks, longest first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Legacy encodings charset-normalizer may choose from, most likely first: ties go to the earlier
#: one (Western European text decodes the same in several, and cp1252 is what such files are).
_LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1252",
    "iso8859_15",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "cp1258",
    "cp874",
    "koi8_r",
    "koi8_u",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)

#: charset-normalizer looks at most at this many leading bytes.
_DETECTION_SAMPLE_BYTES = 1 * MIB

#: Field names for each role, normalized (lower case, letters and digits only), best first.
_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "articletitle", "newstitle", "subject"),
    "text": (
        "text",
        "body",
        "content",
        "articletext",
        "articlebody",
        "fulltext",
        "maintext",
        "bodytext",
        "contenttext",
        "article",
        "story",
        "description",
        "summary",
        "abstract",
        "snippet",
        "excerpt",
        "lead",
    ),
    "date": (
        "published",
        "publishedat",
        "publishedon",
        "publishdate",
        "publicationdate",
        "pubdate",
        "datepublished",
        "date",
        "datetime",
        "articledate",
        "created",
        "createdat",
        "timestamp",
        "time",
        "updated",
        "updatedat",
    ),
    "url": ("url", "link", "href", "permalink", "articleurl", "uri", "webpage", "weburl"),
    "source": (
        "source",
        "sourcename",
        "publisher",
        "outlet",
        "site",
        "sitename",
        "domain",
        "publication",
        "feed",
        "newspaper",
    ),
}
#: If no name matches exactly, a name containing one of these is taken (and said to be guessed).
_FIELD_HINTS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "date": ("date", "publish"),
    "source": ("source", "publisher", "outlet"),
    "text": ("text", "body", "content", "story", "description"),
}
#: Roles in the order they claim fields (text last: a hint like "content" is the weakest).
_ROLES = ("title", "url", "date", "source", "text")

#: Keys under which JSON exports keep their list of articles, best first.
_LIST_KEYS = (
    "articles",
    "items",
    "data",
    "results",
    "entries",
    "posts",
    "stories",
    "news",
    "documents",
    "docs",
    "records",
    "hits",
    "rows",
    "value",
)
#: Keys of a nested value that hold its text (``{"rendered": "..."}``, ``{"name": "..."}``).
_VALUE_KEYS = ("rendered", "text", "value", "name", "title", "content", "href", "url")

#: ZIP members skipped without a note: folders and operating-system litter.
_ZIP_LITTER = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")

# ==================================================================================================
# Patterns
# ==================================================================================================

#: C0 controls other than tab, newline, carriage return, form feed; DEL. Removed from text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: The same characters as bytes (with NUL), to look for them in UTF-8 before decoding.
_CONTROL_BYTES = bytes((*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))
#: The printable ASCII bytes and the newline; the bytes beyond ASCII.
_PRINTABLE_BYTES = bytes(range(0x20, 0x7F)) + b"\n"
_HIGH_BYTES = bytes(range(0x80, 0x100))
#: Lone UTF-16 surrogates (JSON may hold them): not encodable, so replaced.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The start of a whole HTML document (checked on its first 1,000 characters, lower-cased).
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.DOTALL)
#: A declared charset in an HTML head: ``<meta charset="...">`` or ``content="...; charset=..."``.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I
)
#: Markup in a JSON or CSV value that should be turned into text.
_MARKUP = re.compile(r"<(?:p|br|div|span|a|h[1-6]|li|ul|ol|em|strong|b|i|figure|img)[\s/>]", re.I)
#: A day/month/year or month/day/year date, told apart only when one part is over 12.
_SLASH_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


# ==================================================================================================
# Results
# ==================================================================================================


@dataclass(frozen=True)
class ColumnMapping:
    """Which field of a JSON record or CSV row fills which part of an article."""

    title: str | None = None
    text: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    #: Roles filled by a name that only contains a hint ("Story Text" as text), not a known name.
    guessed: tuple[str, ...] = ()
    #: Fields used for nothing.
    ignored: tuple[str, ...] = ()

    def field_for(self, role: str) -> str | None:
        return getattr(self, role)


class Articles(list[Article]):
    """``read_articles``' result: the articles, plus what the reader noticed on the way.

    ``notes`` are sentences for the user (skipped zip members, guessed columns, dates it could not
    read); ``mappings`` maps each JSON/CSV source name to the ``ColumnMapping`` used for it.
    """

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        super().__init__(articles)
        self.notes: list[str] = []
        self.mappings: dict[str, ColumnMapping] = {}


def describe_mapping(mapping: ColumnMapping) -> str:
    """The mapping in words, for the UI.

    >>> describe_mapping(ColumnMapping(title="Headline", text="Story Text", guessed=("text",)))
    'used “Headline” as title, “Story Text” as text (guessed)'
    """
    parts = [
        f"“{safe_display_name(name)}” as {role}" + (" (guessed)" if role in mapping.guessed else "")
        for role in ("title", "text", "date", "url", "source")
        if (name := mapping.field_for(role)) is not None
    ]
    text = "used " + ", ".join(parts) if parts else "used no field"
    if mapping.ignored:
        shown = ", ".join(f"“{safe_display_name(n)}”" for n in mapping.ignored[:8])
        more = f" and {len(mapping.ignored) - 8} more" if len(mapping.ignored) > 8 else ""
        text += f"; ignored {shown}{more}"
    return text


def guess_mapping(names: Iterable[str]) -> ColumnMapping:
    """Pick the field for each role from field names, case and punctuation aside.

    >>> m = guess_mapping(["ID", "Headline", "pubDate", "Story Text", "Link"])
    >>> (m.title, m.date, m.text, m.url, m.guessed)
    ('Headline', 'pubDate', 'Story Text', 'Link', ('text',))
    """
    unique = list(dict.fromkeys(str(n) for n in names))
    normalized = {name: _normalize_name(name) for name in unique}
    chosen: dict[str, str] = {}
    used: set[str] = set()
    guessed: list[str] = []
    for role in _ROLES:  # exact names first, for every role
        for wanted in _FIELD_NAMES[role]:
            hit = next((n for n in unique if normalized[n] == wanted and n not in used), None)
            if hit is not None:
                chosen[role] = hit
                used.add(hit)
                break
    for role in _ROLES:  # then names that contain a hint
        if role in chosen:
            continue
        for hint in _FIELD_HINTS[role]:
            hit = next((n for n in unique if hint in normalized[n] and n not in used), None)
            if hit is not None:
                chosen[role] = hit
                used.add(hit)
                guessed.append(role)
                break
    return ColumnMapping(
        **chosen,
        guessed=tuple(guessed),
        ignored=tuple(n for n in unique if n not in used),
    )


def _normalize_name(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


# ==================================================================================================
# Names
# ==================================================================================================


def safe_display_name(name: object, max_chars: int = MAX_DISPLAY_NAME_CHARS) -> str:
    """A file name fit to show as plain text: no control or format characters (bidi overrides,
    zero-width marks), whitespace collapsed, at most ``max_chars`` characters (the middle cut out so
    the extension stays). It is still untrusted text: escape it when rendering HTML or Markdown.

    >>> safe_display_name("<script>alert(1)</script>\\u202e\\n.txt")
    '<script>alert(1)</script> .txt'
    >>> safe_display_name("a" * 100 + ".txt", max_chars=20)
    'aaaaaaaaaaaaa…aa.txt'
    """
    text = "" if name is None else str(name)
    if len(text) > 8 * max_chars:  # keep the work bounded for absurd names
        text = text[: 4 * max_chars] + " " + text[-4 * max_chars :]
    text = "".join(
        " " if ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029" else ch
        for ch in text
        if unicodedata.category(ch)[0] != "C" or ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"
    )
    text = " ".join(text.split())
    if not text:
        return "(unnamed file)"
    if len(text) > max_chars:
        tail = max_chars // 3
        text = text[: max_chars - tail - 1] + "…" + text[-tail:]
    return text


def _quoted(name: str) -> str:
    return f"“{safe_display_name(name)}”"


def _extension(name: str) -> str:
    """The lower-case extension of the last path part of ``name`` (``""`` if none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and stem.strip(". ") and ext else ""


def _clean_name(name: str) -> str:
    """A source name: the name as given, less control characters."""
    return "".join(ch for ch in name if unicodedata.category(ch) != "Cc") or "(unnamed)"


def _fail(code: str, name: str, **values: Any) -> InputError:
    return InputError(_MESSAGES[code].format(name=_quoted(name), **values), code=code)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < MIB:
        return f"{n / 1024:.0f} KB"
    if n < 1024 * MIB:
        mb = n / MIB
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{n / (1024 * MIB):.1f} GB"


# ==================================================================================================
# Entry point
# ==================================================================================================


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
        name = filename if filename is not None else "(uploaded bytes)"
    elif isinstance(path_or_bytes, str | os.PathLike):
        path = Path(path_or_bytes)
        name = filename if filename is not None else path.name
        data = _read_path(path, name)
    elif hasattr(path_or_bytes, "read"):
        given = str(getattr(path_or_bytes, "name", "") or "")
        name = filename if filename is not None else given.replace("\\", "/").rsplit("/", 1)[-1]
        name = name or "(uploaded file)"
        data = path_or_bytes.read(MAX_FILE_BYTES + 1)
        if not isinstance(data, bytes):
            raise TypeError("read_articles needs a binary file object (opened with 'rb')")
    else:
        raise TypeError(f"read_articles takes a path, bytes or a file, not {type(path_or_bytes)}")
    result = Articles()
    budget = _ZipBudget()
    result.extend(_read_data(data, _clean_name(name), published, result, budget, depth=0))
    return result


def _read_path(path: Path, name: str) -> bytes:
    try:
        is_dir = path.is_dir()
        size = None if is_dir else path.stat().st_size
    except FileNotFoundError:
        raise _fail("not_found", name) from None
    except (OSError, ValueError) as exc:
        raise _fail("unreadable", name, reason=_os_reason(exc)) from None
    if is_dir:
        raise _fail("not_a_file", name)
    if size is not None and size > MAX_FILE_BYTES:
        raise _fail("too_large", name, size=_size(size), limit=_size(MAX_FILE_BYTES))
    try:
        with path.open("rb") as fh:
            # The size stat gave and one byte more, then the rest only if the file grew since:
            # asking for the whole limit costs a 25 MB buffer per file, more than a small file's
            # reading. The bytes are the same either way.
            expected = size or 0
            data = fh.read(expected + 1)
            if len(data) > expected:
                data += fh.read(MAX_FILE_BYTES + 1 - len(data))
            return data
    except FileNotFoundError:
        raise _fail("not_found", name) from None
    except IsADirectoryError:
        raise _fail("not_a_file", name) from None
    except (OSError, ValueError) as exc:
        raise _fail("unreadable", name, reason=_os_reason(exc)) from None


def _os_reason(exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return str(reason).lower()


def _read_data(
    data: bytes,
    name: str,
    published: date | None,
    result: Articles,
    budget: _ZipBudget,
    depth: int,
) -> list[Article]:
    """Check, decode and parse one file's bytes (a top-level file or a zip member)."""
    if len(data) > MAX_FILE_BYTES:
        size = "more than " + _size(MAX_FILE_BYTES) if len(data) == MAX_FILE_BYTES + 1 else None
        raise _fail("too_large", name, size=size or _size(len(data)), limit=_size(MAX_FILE_BYTES))
    if not data:
        raise _fail("empty", name)
    ext = _extension(name)
    if ext in DOCUMENT_EXTENSIONS or (not ext and data.startswith(b"%PDF-")):
        return _read_document(data, name, ext or ".pdf", published)
    kind = _binary_kind(data)
    if ext == ".zip" or (not ext and data.startswith(b"PK\x03\x04")):
        if depth > 1:
            raise _fail("nested_archive", name)
        if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _read_zip(data, name, published, result, budget, depth)
        if kind is None:
            raise _fail("bad_zip", name, reason="it does not start like one")
    if kind is not None:
        raise _fail("binary", name, kind=kind[0], advice=kind[1])
    if ext and ext not in SUPPORTED_EXTENSIONS:
        raise _fail("unsupported", name, ext=ext, supported=", ".join(SUPPORTED_EXTENSIONS))
    text, utf, wide = _decode_text(data, name, html=ext in (".html", ".htm", ".xhtml"))
    if not text or text.isspace():  # not text.strip(), which copies the whole text
        raise _fail("blank", name)
    fmt = _format_of(ext, text)
    if fmt == "html":
        return [_read_html(text, name, published)]
    if fmt == "json":
        return _read_json(text, name, published, result, lines=ext in (".jsonl", ".ndjson"))
    if fmt == "csv":
        return _read_csv(text, name, published, result, tab=ext == ".tsv")
    if utf:  # no lone surrogate to look for (see _decode_text)
        plain = wide is not None and plain_utf8_text(data, wide)
        return split_decoded_text(text, source=name, published=published, plain=plain)
    return split_plain_text(text, source=name, published=published)


def _read_document(data: bytes, name: str, ext: str, published: date | None) -> list[Article]:
    """Articles from a PDF or Word document: its text, split as plain text is."""
    from analytics.documents import docx_text, pdf_text

    read = pdf_text if ext == ".pdf" else docx_text
    text = read(data, _quoted(name), MAX_FILE_BYTES)
    return split_plain_text(text, source=name, published=published)


def _format_of(ext: str, text: str) -> str:
    """The parser for a file: by extension, and by content when the extension is missing or
    when a text file is really a whole HTML page."""
    if ext in (".html", ".htm", ".xhtml"):
        return "html"
    if ext in (".json", ".jsonl", ".ndjson"):
        return "json"
    if ext in (".csv", ".tsv"):
        return "csv"
    head = text[:1000].lower()
    if _HTML_START.match(head):
        return "html"
    if not ext and head.lstrip()[:1] in ("[", "{"):
        return "json"
    return "text"


# ==================================================================================================
# Bytes to text
# ==================================================================================================


def _binary_kind(data: bytes) -> tuple[str, str] | None:
    """What a binary file is and what to do, from its signature or NUL bytes; None for text."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return None  # UTF-16/32 text holds NUL bytes by design
    head = data[:4096]
    has_nul = b"\x00" in head
    for signature, kind, advice in _SIGNATURES:
        if data.startswith(signature) and (signature not in _WEAK_SIGNATURES or has_nul):
            return kind, advice
    for offset, signature, kind in _OFFSET_SIGNATURES:
        if data[offset : offset + len(signature)] == signature and has_nul:
            return kind, _SAVE_AS_TEXT
    if (has_nul or b"\x00" in data) and _utf16_without_bom(data) is None:
        return _GENERIC_BINARY
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 text without a byte-order mark (ASCII-heavy text has every other byte
    NUL), or None."""
    if len(data) % 2 or len(data) < 4:
        return None
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even == 0:
        return "utf-16-le"
    if even > 0.4 * half and odd == 0:
        return "utf-16-be"
    return None


def _decode(data: bytes, name: str, *, html: bool = False) -> str:
    """Bytes to text: BOM, UTF-8, BOM-less UTF-16, a charset an HTML page declares, then a legacy
    encoding detected by charset-normalizer. Control characters are dropped."""
    return _decode_text(data, name, html=html)[0]


def _decode_text(data: bytes, name: str, *, html: bool = False) -> tuple[str, bool, bytes | None]:
    """``_decode``, whether a strict UTF codec made the text (then it holds no lone surrogate:
    those decoders refuse to make one), and when the text is ``data`` decoded from UTF-8 as it is
    (no control character to drop), the bytes of ``data`` but printable ASCII and newlines, for
    ``plain_utf8_text``; else None."""
    utf = True
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise _fail("undecodable", name) from exc
            break
    if text is None and (codec := _utf16_without_bom(data)) is not None:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(codec)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, utf = _decode_legacy(data, name, exc, html=html), False
        else:
            # In UTF-8 a byte below 0x80 is always that ASCII character, so text with no control
            # byte has no NUL and nothing to drop: deleting the other bytes below 0x80 is one
            # fast pass over the bytes, where the pattern search below costs six times as much
            # on the text. What it leaves (controls, tabs, CRs, bytes beyond ASCII) is small.
            wide = data.translate(None, _PRINTABLE_BYTES)
            low = wide.translate(None, _HIGH_BYTES)  # controls, tabs, form feeds, CRs
            if not low.translate(None, b"\t\x0c\r"):
                return text, utf, wide
    if "\x00" in text:
        raise _fail("binary", name, kind=_GENERIC_BINARY[0], advice=_GENERIC_BINARY[1])
    if not _CONTROL.search(text):
        return text, utf, None  # the usual case: one scan, nothing to count or drop
    head = text[:65536]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise _fail("binary", name, kind=_CONTROL_BINARY[0], advice=_CONTROL_BINARY[1])
    return _CONTROL.sub("", text), utf, None


def _decode_legacy(data: bytes, name: str, error: UnicodeDecodeError, *, html: bool) -> str:
    """Text that is not UTF-8: mostly-UTF-8 with broken bytes is refused (guessing would garble
    it); otherwise the page's declared charset, or charset-normalizer's best legacy encoding."""
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(loose) - len(loose.encode("ascii", errors="ignore"))
    good = non_ascii - loose.count("\ufffd")
    if good > 0 and good >= bad:
        raise _fail("not_utf8", name, byte=data[error.start], offset=error.start)
    if html and (declared := _META_CHARSET.search(data[:4096])):
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    for codec in _legacy_candidates(data):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise _fail("undecodable", name)


def _legacy_candidates(data: bytes) -> list[str]:
    """Encodings charset-normalizer finds plausible, best first: the least chaotic, then the most
    coherent, then the most common (``_LEGACY_ENCODINGS`` order) among those decoding alike."""
    from charset_normalizer import from_bytes

    if len(data) > _DETECTION_SAMPLE_BYTES:  # a sample, cut at a line end, is plenty
        cut = data.rfind(b"\n", 0, _DETECTION_SAMPLE_BYTES)
        data = data[: cut if cut > 0 else _DETECTION_SAMPLE_BYTES]
    try:
        matches = list(from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)))
    except (ValueError, LookupError, RuntimeError):  # pragma: no cover - defensive
        return []
    if not matches:
        return []
    rank = {codec: i for i, codec in enumerate(_LEGACY_ENCODINGS)}

    def key(match: Any) -> tuple[float, float, int]:
        codecs_alike = [match.encoding, *match.could_be_from_charset]
        best = min(rank.get(c, len(rank)) for c in codecs_alike)
        return (round(match.chaos, 2), -round(match.coherence, 2), best)

    ordered = sorted(matches, key=key)
    out: list[str] = []
    for match in ordered:
        alike = sorted(
            {match.encoding, *match.could_be_from_charset}, key=lambda c: rank.get(c, len(rank))
        )
        out.extend(c for c in alike if c not in out)
    return out


# ==================================================================================================
# HTML
# ==================================================================================================


def _read_html(text: str, name: str, published: date | None) -> Article:
    """One article from a web page, by trafilatura: main text, title, date, URL."""
    tags = text.count("<")
    if tags > HTML_MAX_TAGS:
        raise _fail("html_too_complex", name, tags=tags, limit=HTML_MAX_TAGS)
    doc = _extract_html(text, name, with_metadata=True)
    lines = _paragraphs(getattr(doc, "body", None))
    title = " ".join(_clean_text(getattr(doc, "title", None) or "").split())
    if lines and title and lines[0].casefold().startswith(title.casefold()):
        title = " ".join(lines.pop(0).split())  # the page's own headline is fuller than <title>
    if not lines and not title:
        raise _fail("no_text", name)
    day = parse_date(str(getattr(doc, "date", None) or ""))
    url = getattr(doc, "url", None) or None
    return Article(
        title=title,
        body="\n\n".join(lines),
        source=name,
        published=day or published,
        url=url,
    )


def _extract_html(html: str, name: str, *, with_metadata: bool, fast: bool = False) -> Any:
    """trafilatura's document for a page (None when it finds nothing). Formatting is kept in the
    tree so inline tags do not break paragraphs; ``_paragraphs`` reads the text back out."""
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=with_metadata,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
            include_formatting=True,
            fast=fast,
            # dates from the page's markup only: guessing from the text is slow on big pages
            # and finds wrong dates in articles full of numbers
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, TypeError, RecursionError, LookupError, AttributeError) as exc:
        log.info("trafilatura failed on %s: %r", safe_display_name(name), exc)
        return None


def _paragraphs(body: Any) -> list[str]:
    """The paragraphs of trafilatura's output tree: one per block, list item or table row."""
    if body is None:
        return []
    out: list[str] = []
    for block in body:
        if block.tag == "list":
            rows = [_inline_text(item) for item in block.iter("item")]
        elif block.tag == "table":
            rows = [
                " | ".join(_inline_text(c) for c in row.iter("cell")) for row in block.iter("row")
            ]
        else:
            rows = [_inline_text(block)]
        out.extend(line for row in rows for line in _lines(row))
    return out


def _inline_text(element: Any) -> str:
    """An element's text with its inline children; line breaks (``<lb/>``) kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in ("list", "table"):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in _clean_text(text).split("\n") if line.strip()]


def _clean_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The usual text has no control character and no lone surrogate: strict UTF-8 encoding fails
    # on exactly the surrogates, and in UTF-8 a control character is its own byte, so two fast
    # passes over the bytes replace two pattern scans over the text.
    with contextlib.suppress(UnicodeEncodeError):
        data = text.encode("utf-8")
        if len(data.translate(None, _CONTROL_BYTES)) == len(data):
            return text
    text = _CONTROL.sub("", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


@dataclass
class _Fragments:
    """How many more HTML values of one file get the full (slower) extraction."""

    full_left: int = field(default_factory=lambda: MAX_FULL_FRAGMENTS)
    flattened: int = 0


def _markup_to_text(value: str, fragments: _Fragments) -> str:
    """Text from an HTML fragment inside a JSON or CSV value: paragraphs by trafilatura while the
    file's budget lasts, else one line by trafilatura's plain converter (linear time)."""
    page = f"<html><body><article>{value}</article></body></html>"
    if fragments.full_left > 0 and value.count("<") <= HTML_MAX_TAGS:
        fragments.full_left -= 1
        doc = _extract_html(page, "", with_metadata=False, fast=True)
        if lines := _paragraphs(getattr(doc, "body", None)):
            return "\n\n".join(lines)
    import trafilatura

    fragments.flattened += 1
    try:
        flat = trafilatura.html2txt(page) or ""
    except (ValueError, TypeError, RecursionError, LookupError, AttributeError):
        flat = ""
    return " ".join(_clean_text(flat).split())


# ==================================================================================================
# Records: JSON, JSON Lines, CSV
# ==================================================================================================


def _read_json(
    text: str, name: str, published: date | None, result: Articles, *, lines: bool
) -> list[Article]:
    """Articles from JSON (an array of objects, an object holding one, one object) or JSON Lines;
    each format falls back on the other when its file is really written in it."""
    if lines and not text.lstrip().startswith("["):
        records = _jsonl_records(text, name)
    else:
        try:
            data = _json_loads(text)
        except json.JSONDecodeError as exc:
            if lines or not exc.msg.startswith("Extra data"):
                raise _fail(
                    "bad_jsonl" if lines else "bad_json",
                    name,
                    error=exc.msg,
                    line=exc.lineno,
                    column=exc.colno,
                ) from None
            records = _jsonl_records(text, name)  # several objects in a .json: JSON Lines
        except RecursionError:
            raise _fail("json_too_deep", name) from None
        else:
            records = _find_records(data, name)
    return _records_to_articles(records, name, published, result, unit="record")


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        # e.g. an integer too long to convert
        raise json.JSONDecodeError(str(exc).split(";")[0], text, 0) from None


def _jsonl_records(text: str, name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = _json_loads(line)
        except json.JSONDecodeError as exc:
            raise _fail("bad_jsonl", name, line=number, error=exc.msg, column=exc.colno) from None
        except RecursionError:
            raise _fail("json_too_deep", name) from None
        if not isinstance(value, dict):
            raise _fail("jsonl_shape", name, line=number, found=_kind_of(value))
        records.append(value)
    return records


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        if not value:
            return "an empty array"
        inner = {_kind_of(v) for v in value[:100]}
        return "an array of " + (
            inner.pop().removeprefix("a ").removeprefix("an ") + "s"
            if len(inner) == 1
            else "mixed values"
        )
    return "an object with no list of articles"


def _find_records(data: Any, name: str) -> list[dict[str, Any]]:
    """The list of article objects in parsed JSON (see ``read_articles``)."""
    found = _records_in(data, depth=0)
    if found is None:
        raise _fail("json_shape", name, found=_kind_of(data))
    return found


def _records_in(data: Any, depth: int) -> list[dict[str, Any]] | None:
    if isinstance(data, list):
        objects = [v for v in data if isinstance(v, dict)]
        return objects if objects else None
    if not isinstance(data, dict) or depth > 3:
        return None
    lists = {
        k: v for k, v in data.items() if isinstance(v, list) and any(isinstance(x, dict) for x in v)
    }
    for key in sorted(lists, key=lambda k: _rank_list_key(k, lists[k])):
        return [v for v in lists[key] if isinstance(v, dict)]
    for value in data.values():
        if isinstance(value, dict) and (inner := _records_in(value, depth + 1)) is not None:
            return inner
    mapping = guess_mapping(data.keys())
    if mapping.text is not None or mapping.title is not None:
        return [data]  # one article object
    return None


def _rank_list_key(key: str, value: list[Any]) -> tuple[int, int]:
    norm = _normalize_name(key)
    known = _LIST_KEYS.index(norm) if norm in _LIST_KEYS else len(_LIST_KEYS)
    return known, -len(value)


def _read_csv(
    text: str, name: str, published: date | None, result: Articles, *, tab: bool
) -> list[Article]:
    """Articles from a CSV (or TSV) file with a header row; the delimiter is guessed from the
    header (``,`` ``;`` tab ``|``)."""
    text = text.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    delimiter = "\t" if tab else max(",;\t|", key=header_line.count)
    if csv.field_size_limit() < MAX_FILE_BYTES:
        csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _fail("bad_csv", name, error=f"{exc}, line {reader.line_num}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise _fail("blank", name)
    header = [cell.strip() or f"column {i + 1}" for i, cell in enumerate(rows[0])]
    mapping = guess_mapping(header)
    if mapping.text is None and mapping.title is None:
        raise _fail("no_text_column", name, columns=_list_names(header))
    records = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    if not records:
        raise _fail("no_rows", name, unit="row")
    return _records_to_articles(records, name, published, result, unit="row", mapping=mapping)


def _list_names(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(f"“{safe_display_name(n, 40)}”" for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown or "none"


def _records_to_articles(
    records: list[dict[str, Any]],
    name: str,
    published: date | None,
    result: Articles,
    *,
    unit: str,
    mapping: ColumnMapping | None = None,
) -> list[Article]:
    if mapping is None:
        keys: dict[str, None] = {}
        for record in records[:1000]:
            keys.update(dict.fromkeys(str(k) for k in record))
        mapping = guess_mapping(keys)
        if mapping.text is None and mapping.title is None:
            raise _fail("no_text_field", name, columns=_list_names(keys))
    result.mappings[name] = mapping
    if mapping.guessed:
        result.notes.append(f"{_quoted(name)}: {describe_mapping(mapping)}.")
    articles: list[Article] = []
    bad_dates = 0
    fragments = _Fragments()
    own: dict[tuple[str, ...], ColumnMapping] = {}  # records that name their fields differently
    for record in records:
        m = mapping
        if any(f is not None and f not in record for f in (m.text, m.title)):
            keys = tuple(record)
            m = own[keys] if keys in own else own.setdefault(keys, guess_mapping(keys))
        title = " ".join(_value_text(record.get(m.title), fragments).split()) if m.title else ""
        body = _value_text(record.get(m.text), fragments) if m.text else ""
        if not title and not body:
            continue
        day = None
        if m.date is not None and (raw := record.get(m.date)) not in (None, ""):
            day = _value_date(raw, fragments)
            bad_dates += day is None
        outlet = " ".join(_value_text(record.get(m.source), fragments).split()) if m.source else ""
        url = _value_text(record.get(m.url), fragments).strip() if m.url else ""
        articles.append(
            Article(
                title=title,
                body=body.strip(),
                source=f"{name} ({outlet})" if outlet else name,
                published=day or published,
                url=url or None,
            )
        )
    if not articles:
        raise _fail("no_rows", name, unit=unit)
    if fragments.flattened:
        result.notes.append(
            f"{_quoted(name)}: {fragments.flattened} {unit}(s) held HTML that was turned into "
            "text without its paragraph breaks."
        )
    if bad_dates:
        result.notes.append(
            f"{_quoted(name)}: {bad_dates} {unit}(s) had a date that could not be read; "
            "they use the default date."
        )
    return articles


def _value_text(value: Any, fragments: _Fragments, depth: int = 0) -> str:
    """A JSON/CSV value as text: strings as they are (markup turned into text), numbers written
    out, lists of strings joined as paragraphs, objects by their text-like key."""
    if value is None or isinstance(value, bool) or depth > 3:
        return ""
    if isinstance(value, str):
        text = _clean_text(value)
        return _markup_to_text(text, fragments) if _MARKUP.search(text) else text
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = (_value_text(v, fragments, depth + 1) for v in value[:10000])
        return "\n\n".join(p for p in parts if p.strip())
    if isinstance(value, dict):
        for key in _VALUE_KEYS:
            if key in value:
                return _value_text(value[key], fragments, depth + 1)
    return ""


def _value_date(value: Any, fragments: _Fragments) -> date | None:
    """A date from a record's value: text (ISO, RFC 2822, month names, unambiguous d/m/y), or a
    Unix time in seconds or milliseconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            number = float(value)
        except (ValueError, OverflowError):
            return None
        seconds = number / 1000 if number >= 1e11 else number
        if not 1e8 <= seconds < 5e9:
            return None
        return datetime.fromtimestamp(seconds, UTC).date()
    text = _value_text(value, fragments).strip()
    if (day := parse_date(text)) is not None:
        return day
    m = _SLASH_DATE.fullmatch(text)
    if m:
        a, b, year = (int(g) for g in m.groups())
        if a > 12 >= b:
            return _date_or_none(year, b, a)
        if b > 12 >= a:
            return _date_or_none(year, a, b)
    return None


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ==================================================================================================
# ZIP
# ==================================================================================================

#: Errors that reading a malformed archive can raise.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    OverflowError,
    struct.error,
    UnicodeDecodeError,
    RuntimeError,
)


@dataclass
class _ZipBudget:
    """What all archives of one call may still unpack."""

    bytes_left: int = field(default_factory=lambda: max(MAX_ZIP_TOTAL_BYTES, MAX_FILE_BYTES))


def _read_zip(
    data: bytes,
    name: str,
    published: date | None,
    result: Articles,
    budget: _ZipBudget,
    depth: int,
) -> list[Article]:
    """Articles from the members of a ZIP archive, in memory; one nested archive level."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise _fail("bad_zip", name, reason=_zip_reason(exc)) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _fail("zip_too_many", name, count=len(infos), limit=MAX_ZIP_MEMBERS)
    members = [i for i in infos if not _is_litter(i)]
    if not members:
        raise _fail("zip_empty", name)
    reasons = {id(info): _skip_reason(info, depth) for info in members}
    _check_declared_sizes([i for i in members if reasons[id(i)] is None], name, budget)
    articles: list[Article] = []
    skipped: list[str] = []
    for info in members:
        member_name = f"{name}/{_clean_name(info.filename)}"
        why = reasons[id(info)]
        if why is not None:  # never unpacked, so never a danger
            skipped.append(f"{safe_display_name(info.filename, 40)}: {why}")
            continue
        try:
            content = _read_member(archive, info, name, budget)
            articles.extend(_read_data(content, member_name, published, result, budget, depth + 1))
        except InputError as exc:
            if exc.code.startswith("zip_") and exc.code not in ("zip_empty", "zip_no_member"):
                raise
            skipped.append(f"{safe_display_name(info.filename, 40)}: {exc.code.replace('_', ' ')}")
    if skipped:
        shown = "; ".join(skipped[:5]) + (
            f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        )
        note = f"{_quoted(name)}: skipped {len(skipped)} of {len(members)} files ({shown})."
        if not articles:
            raise _fail("zip_no_member", name, skipped="skipped " + shown)
        result.notes.append(note)
    return articles


def _is_litter(info: zipfile.ZipInfo) -> bool:
    base = info.filename.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return (
        info.is_dir()
        or info.filename.startswith(_ZIP_LITTER[0])
        or "/__MACOSX/" in info.filename
        or base.startswith("._")
        or base in _ZIP_LITTER
    )


def _skip_reason(info: zipfile.ZipInfo, depth: int) -> str | None:
    ext = _extension(info.filename)
    if info.flag_bits & 0x1:
        return "password-protected"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "packed with an unsupported compression method"
    if ext and ext not in SUPPORTED_EXTENSIONS:
        return f"unsupported file type {ext}"
    if ext == ".zip" and depth >= 1:
        return "an archive inside an archive inside an archive"
    return None


def _check_declared_sizes(members: list[zipfile.ZipInfo], name: str, budget: _ZipBudget) -> None:
    """Refuse an archive from its directory alone: a member over the size limit, a member that
    unpacks to hundreds of times its packed size, or more in all than the archive limit."""
    total = 0
    for info in members:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > ZIP_RATIO_FLOOR_BYTES and size / packed > MAX_ZIP_RATIO:
            raise _fail("zip_bomb", name, detail=_bomb_detail(info.filename, size, packed))
        if size > MAX_FILE_BYTES:
            raise _fail(
                "zip_member_too_large",
                name,
                member=_quoted(info.filename),
                size=_size(size),
                limit=_size(MAX_FILE_BYTES),
            )
        total += size
    if total > budget.bytes_left:
        limit = max(MAX_ZIP_TOTAL_BYTES, MAX_FILE_BYTES)
        raise _fail("zip_too_large", name, size=_size(total), limit=_size(limit))


def _bomb_detail(member: str, size: int, packed: int) -> str:
    return (
        f"{_quoted(member)} would unpack to {_size(size)} from {_size(packed)} "
        f"({size // packed:,} to 1)"
    )


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: _ZipBudget
) -> bytes:
    """A member's bytes, read in chunks that stop at its declared size and the budget, so a
    member whose header lies cannot unpack more than it said."""
    limit = min(info.file_size, MAX_FILE_BYTES, budget.bytes_left)
    chunks: list[bytes] = []
    got = 0
    try:
        with archive.open(info) as fh:
            while True:
                chunk = fh.read(min(MIB, limit + 1 - got))
                if not chunk:
                    break
                got += len(chunk)
                chunks.append(chunk)
                if got > limit:
                    break
                if got > ZIP_RATIO_FLOOR_BYTES and got / max(info.compress_size, 1) > MAX_ZIP_RATIO:
                    raise _fail(
                        "zip_bomb",
                        name,
                        detail=_bomb_detail(info.filename, got, info.compress_size),
                    )
    except InputError:
        raise
    except _ZIP_ERRORS as exc:
        raise _fail("damaged_member", info.filename, reason=_zip_reason(exc)) from None
    if got > limit:
        raise _fail(
            "zip_bomb", name, detail=f"{_quoted(info.filename)} unpacks to more than it declares"
        )
    budget.bytes_left -= got
    return b"".join(chunks)


def _zip_reason(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return text[:120]
