"""Uploads: one file's bytes journaled, read, extracted and written to the store.

Every received file first gets a row in the store's upload journal (``Store.journal_receive``:
its name as cleaned, the name as sent, size and SHA-256), written before anything is read; the row
then says ``extracting`` and ends with one outcome (``added``, ``already stored``, ``refused``
with the reader's reason, ``failed``). A file that cannot be read changes nothing but its row; a
readable file is written in one transaction together with its row's outcome, and articles the
store already has are counted, not added. File names are cleaned in one place,
``clean_filename``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import overload

from analytics import classify, messages
from analytics.display import counted
from analytics.errors import InputError
from analytics.extract import extract_articles
from analytics.reading import SUPPORTED_EXTENSIONS, read_articles, safe_display_name
from analytics.schema import EVENT_TYPES
from analytics.store import JournalEntry, Store

log = logging.getLogger(__name__)

#: File types the reader reads (extensions without the dot), for the uploader's help text. The
#: uploader itself takes any file: the reader's message says why one is refused.
UPLOAD_TYPES: tuple[str, ...] = tuple(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS)
_TYPE_ORDER = {t: i for i, t in enumerate(EVENT_TYPES)}
#: A cleaned file name is cut to this many characters (the middle goes; the extension stays).
MAX_NAME_CHARS = 120
#: What the journal says of a file that failed for a reason of ours, not the file's.
INTERNAL_ERROR = messages.text("uploads.internal_error")
#: Why a file whose name holds a NUL byte is refused.
NUL_IN_NAME = messages.text("uploads.nul_in_name")


#: After a file this large, the memory its reading took is handed back at once (see
#: ``release_memory``): a long-running server would otherwise keep hundreds of MB after one big
#: upload.
RELEASE_AFTER_BYTES = 4 * 1024 * 1024


def release_memory(store: Store) -> None:
    """Free what a big upload left: unreachable objects (the text, its copies, the events frame),
    DuckDB's cached blocks, and the C heap's free pages (glibc keeps them, per thread arena,
    until asked)."""
    # Caches keyed on an article's text or a sentence hold the text itself: the last big file
    # would stay in memory until thousands of other articles pushed it out.
    for cached in _TEXT_CACHES:
        cached.cache_clear()
    gc.collect()
    store.release_memory()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


_TEXT_CACHES = (classify._names_in, classify._investors_in, classify._authority_forms)


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # glibc only  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


@dataclass(frozen=True)
class CleanName:
    """A file name as the store keeps it, the name as sent, and why the file is refused for its
    name alone (or None)."""

    name: str
    original: str
    refusal: str | None = None


def clean_filename(name: object, max_chars: int = MAX_NAME_CHARS) -> CleanName:
    """The one place a sent file name is cleaned: its last path part (``/`` or ``\\``), without
    control, format and bidirectional-override characters (U+202E would show the name reversed),
    whitespace collapsed, at most ``max_chars`` characters. A NUL byte refuses the file: it is the
    classic trick to make a name end differently for different readers.

    >>> clean_filename("../../x/\u202eevil\u202c.txt").name
    'evil.txt'
    """
    original = "" if name is None else str(name)
    refusal = NUL_IN_NAME if "\x00" in original else None
    last = original.replace("\\", "/").rstrip("/ ").rsplit("/", 1)[-1]
    cleaned = safe_display_name(last, max_chars=max_chars)
    if cleaned in (".", ".."):
        cleaned = "(unnamed file)"
    return CleanName(name=cleaned, original=original, refusal=refusal)


@dataclass(frozen=True)
class Received:
    """A file written to the journal: its upload id and cleaned name."""

    upload_id: str
    name: CleanName
    size: int


@overload
def receive_upload(
    store: Store, filename: object, data: bytes, *, session_id: str | None = None
) -> Received: ...


@overload
def receive_upload(
    store: Store, filename: object, data: bytes, *, session_id: str | None, file_ref: str
) -> Received | None: ...


def receive_upload(
    store: Store,
    filename: object,
    data: bytes,
    *,
    session_id: str | None = None,
    file_ref: str | None = None,
) -> Received | None:
    """Journal a file that reached the server (before anything reads it). A file refused for its
    name alone is journaled as ``refused`` at once. With ``file_ref`` (the uploader's id of the
    file), a file this session journaled already gives None."""
    clean = clean_filename(filename)
    upload_id = store.journal_receive(
        name=clean.name,
        original_name=clean.original[:1000],  # for audit; an absurd name is not kept whole
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        session_id=session_id,
        state="refused" if clean.refusal else "received",
        reason=clean.refusal,
        file_ref=file_ref,
    )
    if upload_id is None:
        return None
    return Received(upload_id=upload_id, name=clean, size=len(data))


def process_upload(
    store: Store, received: Received, data: bytes, published: date | None = None
) -> JournalEntry:
    """Read, extract and store a journaled file; its journal row ends with the outcome, which is
    returned. Never raises for the file's sake: bad input is ``refused`` with the reader's
    message, any other failure ``failed`` (logged)."""
    upload_id, name = received.upload_id, received.name.name
    try:
        if received.name.refusal is None:
            store.journal_set(upload_id, "extracting")
            _read_extract_store(store, upload_id, name, data, published)
    except InputError as err:
        store.journal_set(upload_id, "refused", str(err))
    except Exception:
        log.exception("upload of %r failed", name)
        store.journal_set(upload_id, "failed", INTERNAL_ERROR)
    finally:
        if len(data) >= RELEASE_AFTER_BYTES:
            release_memory(store)
    entry = store.journal_entry(upload_id)
    assert entry is not None  # written above, and rows are never deleted
    return entry


def _read_extract_store(
    store: Store, upload_id: str, name: str, data: bytes, published: date | None
) -> None:
    articles = read_articles(data, name, published=published)
    if not articles:
        raise InputError(messages.text("uploads.no_articles"), code="no_articles")
    notes = list(articles.notes)
    seen: set[str] = set()
    for a in articles:
        if a.content_id in seen:
            notes.append(messages.say("uploads.repeated_article", title=_short(a.title)))
        seen.add(a.content_id)
    events = extract_articles(articles)
    store.add(articles, events, journal_id=upload_id, journal_notes=notes)


def ingest_upload(
    store: Store,
    filename: str,
    data: bytes,
    published: date | None = None,
    *,
    session_id: str | None = None,
) -> UploadSummary:
    """Journal, read, extract and store one file (``receive_upload`` then ``process_upload``);
    its summary. ``published`` dates articles that carry no date of their own."""
    received = receive_upload(store, filename, data, session_id=session_id)
    return UploadSummary.of(process_upload(store, received, data, published))


@dataclass(frozen=True)
class UploadSummary:
    """What became of one uploaded file."""

    filename: str
    articles_read: int = 0
    new_articles: int = 0
    already_stored: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    #: Items left out, each with the reason.
    skipped: tuple[tuple[str, str], ...] = ()
    #: The reader's message when the file could not be read (then nothing was written).
    error: str | None = None
    #: The journal state (``added``, ``already stored``, ``refused``, ...).
    state: str = ""
    #: Earlier-seen journal details: articles taken out again by a removal.
    removed: bool = False

    @classmethod
    def of(cls, entry: JournalEntry) -> UploadSummary:
        """The summary of a journal row."""
        error = entry.reason if entry.state in ("refused", "failed", "interrupted") else None
        if entry.state == "interrupted":
            error = "the server stopped before the file was stored; upload it again"
        skipped = tuple(("", note) for note in entry.notes)
        return cls(
            filename=entry.name,
            articles_read=entry.articles_read,
            new_articles=entry.new_articles,
            already_stored=entry.already_stored,
            events_by_type=dict(entry.events_by_type),
            skipped=skipped,
            error=error or (INTERNAL_ERROR if entry.state == "failed" else None),
            state=entry.state,
            removed=entry.state == "removed",
        )

    @property
    def ok(self) -> bool:
        """True when the file was read (even if everything in it was already stored)."""
        return self.error is None

    @property
    def new_events(self) -> int:
        """Events written to the store."""
        return sum(self.events_by_type.values())

    def lines(self) -> list[str]:
        """The summary as plain sentences (the caller escapes them for its markup)."""
        file = self.filename
        if self.state == "received":
            return [messages.say("summary.received", file=file)]
        if self.state == "extracting":
            return [messages.say("summary.extracting", file=file)]
        events = counted(self.new_events, "display.event", "display.events")
        if self.removed:
            articles = counted(self.new_articles, "display.article", "display.articles")
            return [messages.say("summary.removed", file=file, articles=articles, events=events)]
        if self.error is not None:
            reason = self.error.strip()
            if not reason.endswith((".", "!", "?")):
                reason += "."
            return [messages.say("summary.refused", file=file, reason=reason)]
        n = self.articles_read
        read = counted(n, "display.article", "display.articles")
        if self.new_articles:
            found = ", ".join(
                f"{count} {kind.replace('_', ' ')}"
                for kind, count in sorted(
                    self.events_by_type.items(), key=lambda kv: _TYPE_ORDER.get(kv[0], 99)
                )
            )
            found = f" ({found})" if found else ""
            lines = [
                messages.say(
                    "summary.added",
                    file=file,
                    articles=read,
                    new=self.new_articles,
                    events=events,
                    found=found,
                )
            ]
        else:
            lines = [messages.say("summary.read", file=file, articles=read)]
        if self.already_stored:
            if self.new_articles == 0:
                lines.append(
                    messages.text("summary.all_stored_one" if n == 1 else "summary.all_stored")
                )
            else:
                one = self.already_stored == 1
                lines.append(
                    messages.say(
                        "summary.some_stored_one" if one else "summary.some_stored",
                        n=self.already_stored,
                    )
                )
        for item, reason in self.skipped:
            lines.append(
                messages.say("summary.skipped", item=item, reason=reason) if item else reason
            )
        return lines


def _short(title: str, limit: int = 60) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1] + "…"
