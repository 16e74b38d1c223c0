"""The reader's size limits (read at call time, so tests may patch them) and sizes in words."""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

#: A mebibyte: the reader's size limits count in 2**20 bytes (ingest and the benchmarks' MB
#: are 10**6 bytes, ``analytics.batches.MB``).
MIB = 1024 * 1024

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


def size_text(n: int) -> str:
    """A byte count in words: ``512 bytes``, ``3 KB``, ``25 MB``, ``1.5 GB``."""
    if n < 1024:
        return f"{n} bytes"
    if n < MIB:
        return f"{n / 1024:.0f} KB"
    if n < 1024 * MIB:
        mb = n / MIB
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{n / (1024 * MIB):.1f} GB"
