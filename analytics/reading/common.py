"""What every reader shares: the formats by extension (data: ``knowledge/reading_formats.tsv``),
file names fit to show, and the ``InputError`` of a message of ``messages/reading.toml``."""

from __future__ import annotations

import unicodedata
from typing import Any

from analytics import knowledge, messages
from analytics.errors import InputError
from analytics.reading import limits

#: The formats the readers know.
KNOWN_FORMATS = frozenset(("text", "html", "json", "jsonl", "csv", "tsv", "zip", "pdf", "docx"))


def _formats() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in knowledge.table("reading_formats"):
        ext, fmt = row["extension"], row["format"]
        if fmt not in KNOWN_FORMATS or not ext.startswith(".") or ext != ext.lower():
            known = ", ".join(sorted(KNOWN_FORMATS))
            why = f"{ext} {fmt}: needs a lower-case .extension and one of {known}"
            raise knowledge.KnowledgeError(f"analytics/knowledge/reading_formats.tsv: {why}")
        out[ext] = fmt
    return out


#: File extension -> format (text, html, json, jsonl, csv, tsv, zip, pdf, docx).
FORMATS: dict[str, str] = _formats()
#: File extensions ``read_articles`` reads, in the order the UI lists them.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)
#: Document formats read by ``analytics.documents`` (text out of PDF and Word files).
DOCUMENT_EXTENSIONS: tuple[str, ...] = tuple(e for e, f in FORMATS.items() if f in ("pdf", "docx"))

#: Characters a display name keeps as a space, and the control characters among them.
_SPACES = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_SPACE_CONTROLS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"


def safe_display_name(name: object, max_chars: int | None = None) -> str:
    """A file name fit to show as plain text: no control or format characters (bidi overrides,
    zero-width marks), whitespace collapsed, at most ``max_chars`` characters (the middle cut out so
    the extension stays). It is still untrusted text: escape it when rendering HTML or Markdown.

    >>> safe_display_name("<script>alert(1)</script>\\u202e\\n.txt")
    '<script>alert(1)</script> .txt'
    >>> safe_display_name("a" * 100 + ".txt", max_chars=20)
    'aaaaaaaaaaaaa…aa.txt'
    """
    if max_chars is None:
        max_chars = limits.MAX_DISPLAY_NAME_CHARS
    text = "" if name is None else str(name)
    if len(text) > 8 * max_chars:  # keep the work bounded for absurd names
        text = text[: 4 * max_chars] + " " + text[-4 * max_chars :]
    text = "".join(
        " " if ch in _SPACES else ch
        for ch in text
        if unicodedata.category(ch)[0] != "C" or ch in _SPACE_CONTROLS
    )
    text = " ".join(text.split())
    if not text:
        return messages.text("reading.unnamed_display")
    if len(text) > max_chars:
        tail = max_chars // 3
        text = text[: max_chars - tail - 1] + "…" + text[-tail:]
    return text


def quoted(name: str) -> str:
    """A display name in curly quotes, as the messages show file names."""
    return f"“{safe_display_name(name)}”"


def extension(name: str) -> str:
    """The lower-case extension of the last path part of ``name`` (``""`` if none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and stem.strip(". ") and ext else ""


def clean_name(name: str) -> str:
    """A source name: the name as given, less control characters."""
    cleaned = "".join(ch for ch in name if unicodedata.category(ch) != "Cc")
    return cleaned or messages.text("reading.unnamed_source")


def fail(key: str, name: str, **values: Any) -> InputError:
    """The ``InputError`` of message ``key`` about file ``name``; its code is the key's last part
    (``reading.not_found`` -> ``not_found``)."""
    code = key.rsplit(".", 1)[-1]
    return InputError(messages.say(key, name=quoted(name), **values), code=code)
