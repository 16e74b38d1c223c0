"""Work items and batches, shared by both ingest engines (local, in ``analytics.ingest``, and
Dask, in ``analytics.dask_engine``): inputs expanded into work items, cut into batches, each batch
read (articles) and extracted (one events table per batch).
"""

from __future__ import annotations

import glob
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from analytics import extract, reading
from analytics.articles import Article
from analytics.errors import InputError
from analytics.schema import empty_events

log = logging.getLogger("analytics.ingest")

#: Used when analytics.reading does not publish its list of extensions.
_FALLBACK_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", ".zip")
ARCHIVE_EXTENSIONS = (".zip",)
#: JSON Lines files larger than this are read in slices of whole lines of about this size.
LINES_EXTENSIONS = (".jsonl", ".ndjson")
SLICE_BYTES = 4 * 1_000_000
BATCH_MB = 1.0
BATCH_FILES = 200
MB = 1_000_000


def supported_extensions() -> tuple[str, ...]:
    """File extensions read_articles handles (its own constant when it publishes one)."""
    for name in ("SUPPORTED_EXTENSIONS", "EXTENSIONS", "SUPPORTED_SUFFIXES"):
        value = getattr(reading, name, None)
        if value:
            return tuple(
                sorted({e.lower() if e.startswith(".") else f".{e.lower()}" for e in value})
            )
    return _FALLBACK_EXTENSIONS


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """One readable unit: a file, a member of a zip archive (``member`` set), or a slice of whole
    lines of a large JSON Lines file (``offset`` set: bytes ``offset`` to ``offset + size``)."""

    path: str
    size: int
    member: str | None = None
    offset: int | None = None

    @property
    def name(self) -> str:
        """How the item is named in messages: ``file``, ``archive.zip/member``, ``file@offset``."""
        if self.member:
            return f"{self.path}/{self.member}"
        return self.path if self.offset is None else f"{self.path} (from byte {self.offset:,})"


@dataclass(frozen=True)
class FileError:
    """A file that could not be read or extracted, with the message for the user."""

    name: str
    message: str

    def line(self) -> str:
        """One line for stderr."""
        return f"{self.name}: {self.message}"


def _has_magic(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def _zip_items(path: Path, exts: tuple[str, ...]) -> list[WorkItem]:
    with zipfile.ZipFile(path) as archive:
        infos = [
            i
            for i in archive.infolist()
            if not i.is_dir()
            and not i.filename.startswith("__MACOSX/")
            and not Path(i.filename).name.startswith(".")
            and Path(i.filename).suffix.lower() in exts
            and Path(i.filename).suffix.lower() not in ARCHIVE_EXTENSIONS
        ]
    return [WorkItem(str(path), i.file_size, i.filename) for i in sorted(infos, key=_info_key)]


def _line_slices(path: Path, size: int) -> list[WorkItem]:
    """Cut a large JSON Lines file into slices that start and end at line boundaries."""
    slice_bytes = SLICE_BYTES
    slices: list[WorkItem] = []
    start = 0
    with path.open("rb") as fh:
        while start < size:
            fh.seek(min(start + slice_bytes, size))
            if fh.tell() < size:
                fh.readline()  # run on to the end of the line
            end = min(fh.tell(), size)
            slices.append(WorkItem(str(path), end - start, offset=start))
            start = end
    return slices


def _info_key(info: zipfile.ZipInfo) -> str:
    return info.filename


def expand_inputs(
    patterns: Sequence[str], extensions: Iterable[str] | None = None
) -> tuple[list[WorkItem], list[FileError]]:
    """Expand paths, folders (recursively) and globs into work items, in a stable order.

    Zip archives are opened here and become one item per supported member. Raises InputError when
    an argument names nothing (a missing path, a glob that matches nothing); files that exist but
    cannot be used (a broken archive, an unsupported extension named explicitly) come back as
    FileErrors.
    """
    exts = tuple(extensions) if extensions is not None else supported_extensions()
    items: list[WorkItem] = []
    errors: list[FileError] = []
    seen: set[str] = set()

    def add_file(p: Path, explicit: bool) -> None:
        key = str(p.resolve())
        if key in seen:
            return
        seen.add(key)
        suffix = p.suffix.lower()
        if suffix not in exts:
            if explicit:
                errors.append(FileError(str(p), f"unsupported file type {suffix or '(none)'}"))
            return
        try:
            size = p.stat().st_size
            if suffix in ARCHIVE_EXTENSIONS:
                items.extend(_zip_items(p, exts))
            elif suffix in LINES_EXTENSIONS and size > SLICE_BYTES:
                items.extend(_line_slices(p, size))
            else:
                items.append(WorkItem(str(p), size))
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as err:
            errors.append(FileError(str(p), _message(err)))

    for pattern in patterns:
        if _has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(f"no files match {pattern}", code="no_match")
            paths = [Path(m) for m in matches]
        else:
            p = Path(pattern)
            if not p.exists():
                raise InputError(f"no such file or folder: {pattern}", code="missing")
            paths = [p]
        for p in paths:
            if p.is_dir():
                for f in sorted(p.rglob("*")):
                    if f.is_file() and not any(part.startswith(".") for part in f.parts[-1:]):
                        add_file(f, explicit=False)
            elif p.is_file():
                add_file(p, explicit=not _has_magic(pattern))
    return items, errors


def plan_batches(
    items: Sequence[WorkItem], batch_mb: float = BATCH_MB, batch_files: int = BATCH_FILES
) -> list[list[WorkItem]]:
    """Cut items into consecutive batches of at most ``batch_mb`` MB and ``batch_files`` items."""
    limit = max(int(batch_mb * MB), 1)
    batches: list[list[WorkItem]] = []
    current: list[WorkItem] = []
    size = 0
    for item in items:
        if current and (size + item.size > limit or len(current) >= batch_files):
            batches.append(current)
            current, size = [], 0
        current.append(item)
        size += item.size
    if current:
        batches.append(current)
    return batches


# --------------------------------------------------------------------------------------------------
# The work of one batch (runs in this process or on a Dask worker)
# --------------------------------------------------------------------------------------------------


def _message(err: BaseException) -> str:
    if isinstance(err, InputError):
        return str(err)
    text = str(err) or err.__class__.__name__
    return text if isinstance(err, OSError) else f"{err.__class__.__name__}: {text}"


def read_item(item: WorkItem, published: date | None = None) -> list[Article]:
    """The articles of one work item (a file, or a zip member read into memory)."""
    if item.offset is not None:
        with open(item.path, "rb") as fh:
            fh.seek(item.offset)
            data = fh.read(item.size)
        if not data.strip():
            return []
        return reading.read_articles(data, filename=Path(item.path).name, published=published)
    if item.member is None:
        return reading.read_articles(item.path, published=published)
    limit = getattr(reading, "MAX_FILE_BYTES", 25 * 1024 * 1024)
    with zipfile.ZipFile(item.path) as archive, archive.open(item.member) as member:
        data = member.read(limit + 1)  # bounded: read_articles rejects what is over the limit
    name = f"{Path(item.path).name}/{item.member}"  # as read_articles names zip members
    return reading.read_articles(data, filename=name, published=published)


@dataclass
class ReadResult:
    """The articles read from one batch, and the items that failed."""

    articles: list[Article] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    bytes: int = 0
    files: int = 0


def read_batch(items: Sequence[WorkItem], published: date | None = None) -> ReadResult:
    """Read every item of a batch; an unreadable item becomes a FileError, never an exception."""
    out = ReadResult()
    for item in items:
        out.bytes += item.size
        out.files += 1
        try:
            out.articles.extend(read_item(item, published))
        except Exception as err:  # every failure of one file is reported, the batch goes on
            out.errors.append(FileError(item.name, _message(err)))
    return out


def article_ids(result: ReadResult) -> list[str]:
    """The content ids of a read batch, in order (what the client checks against the store)."""
    return [a.content_id for a in result.articles]


@dataclass
class BatchResult:
    """One batch after extraction: what to commit and what to report."""

    index: int
    articles: list[Article]
    events: pd.DataFrame
    skipped: int
    errors: list[FileError]
    bytes: int
    files: int


def extract_batch(read: ReadResult, skip: set[str] | frozenset[str], index: int = 0) -> BatchResult:
    """Extract the articles of a read batch whose content id is not in ``skip``.

    Duplicates inside the batch keep their first copy. When extraction fails on the batch, the
    articles are retried one by one so a single bad article is reported and the rest kept.
    """
    new: list[Article] = []
    seen: set[str] = set()
    for article in read.articles:
        cid = article.content_id
        if cid in skip or cid in seen:
            continue
        seen.add(cid)
        new.append(article)
    errors = list(read.errors)
    skipped = len(read.articles) - len(new)
    if not new:
        events = empty_events()
    else:
        try:
            events = extract.extract_articles(new)
        except Exception:  # find the culprit(s); keep the rest
            kept: list[Article] = []
            frames: list[pd.DataFrame] = []
            for article in new:
                try:
                    frames.append(extract.extract_articles([article]))
                    kept.append(article)
                except Exception as err:
                    errors.append(
                        FileError(f"{article.source} ({article.title[:60]})", _message(err))
                    )
            new = kept
            events = pd.concat(frames, ignore_index=True) if frames else empty_events()
    return BatchResult(index, new, events, skipped, errors, read.bytes, read.files)


# --------------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------------

#: Given a batch index and its content ids, the ids to skip (stored, or claimed earlier in the run).
SkipFn = Callable[[int, list[str]], set[str]]


def run_local(
    batches: Sequence[Sequence[WorkItem]], skip_fn: SkipFn, published: date | None = None
) -> Iterator[BatchResult]:
    """The local engine: one batch after another in this process."""
    for index, items in enumerate(batches):
        read = read_batch(items, published)
        yield extract_batch(read, skip_fn(index, article_ids(read)), index)
