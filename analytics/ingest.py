"""Batch ingest: folders, globs and archives of articles into the store, streamed and resumable.

``python -m analytics ingest PATH_OR_GLOB... [--store DIR_OR_FILE] [--engine local|dask]
[--workers N] [--scheduler ADDRESS] [--parquet DIR] [--date YYYY-MM-DD]``

How it stays bounded and resumable:

* the inputs are expanded into *work items* (a file, one member of a zip archive, or a slice of
  whole lines of a large JSON Lines file) in a stable order and cut into batches of at most
  ``batch_mb`` megabytes / ``batch_files`` items, so memory holds one batch (or a few in flight
  with the Dask engine) whatever the corpus size;
* each batch is read, its articles already in the store (content id) or earlier in the run are
  dropped *before* extraction, the rest extracted, and the batch committed with one
  ``Store.add(articles, events)`` transaction: a run stopped at any point (Ctrl-C, kill -9) loses
  at most the batch in flight, and a re-run skips what was committed;
* with ``--parquet DIR`` each committed batch also becomes ``DIR/events-<key>.parquet``, ``key``
  a hash of the batch's article ids: the file is written as ``.tmp`` before the store commit and
  renamed after it; a ``.tmp`` left by a kill is promoted at the next run when its articles are in
  the store and deleted otherwise, so the dataset ends with exactly the store's rows.

The engines (``local`` here, ``dask`` in analytics/dask_engine.py) share ``read_batch`` and
``extract_batch`` so that they give the same rows.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from analytics import messages
from analytics.articles import Article
from analytics.batches import (
    BATCH_FILES,
    BATCH_MB,
    MB,
    BatchResult,
    FileError,
    expand_inputs,
    plan_batches,
    run_local,
)
from analytics.errors import InputError
from analytics.schema import conform

if TYPE_CHECKING:
    from analytics.store import Store

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------------
# Store, Parquet and the driver
# --------------------------------------------------------------------------------------------------


def open_store(location: str | None) -> Store:
    """The store at ``location``: its data folder, or its ``dealscope.duckdb`` file.

    None means the default (``$DEALSCOPE_DATA_DIR`` or ``./var``).
    """
    from analytics import store as store_module

    if location is not None:
        path = Path(location)
        if path.suffix == ".duckdb" or path.is_file():
            if path.name != store_module.DB_FILENAME:
                names = {"expected": store_module.DB_FILENAME, "given": path.name}
                raise InputError(messages.say("ingest.store_file_name", **names), code="argument")
            location = str(path.parent)
    return store_module.Store(location)


#: DuckDB's buffer pool grows with the store (up to 80% of RAM by default); ingest caps it so the
#: process stays flat whatever the corpus size (DuckDB spills to disk past it).
STORE_MEMORY_LIMIT = "128MB"


def limit_store_memory(store: Store, limit: str = STORE_MEMORY_LIMIT) -> None:
    """Cap the memory DuckDB may keep for the store in this process."""
    setter = getattr(store, "set_memory_limit", None)
    if setter is not None:
        setter(limit)
        return
    con = getattr(store, "_con", None)  # until Store offers set_memory_limit
    if con is not None:
        with contextlib.suppress(Exception):
            con.execute(f"SET memory_limit = '{limit}'")


def known_ids(store: Store, ids: list[str]) -> set[str]:
    """Which of ``ids`` the store already holds."""
    if not ids:
        return set()
    return set(store.known_article_ids(ids))


def batch_key(articles: Sequence[Article]) -> str:
    """Deterministic name part for a batch's Parquet file: a hash of its article ids."""
    digest = hashlib.sha256("\n".join(sorted(a.content_id for a in articles)).encode())
    return digest.hexdigest()[:20]


def recover_parquet(parquet_dir: Path, store: Store) -> int:
    """Settle ``.tmp`` files a killed run left: promote those whose articles were committed."""
    import pyarrow.parquet as pq

    settled = 0
    for tmp in sorted(parquet_dir.glob("*.parquet.tmp")):
        final = tmp.with_suffix("")
        try:
            ids = sorted(set(pq.read_table(tmp, columns=["article_id"]).column(0).to_pylist()))
        except Exception:  # a half-written file: its batch never reached the store
            ids = []
        if ids and known_ids(store, ids) == set(ids):
            os.replace(tmp, final)
        else:
            tmp.unlink()
        settled += 1
    return settled


def write_parquet_tmp(parquet_dir: Path, result: BatchResult) -> Path | None:
    """Write a batch's events to ``events-<key>.parquet.tmp``; None when it has no events."""
    if result.events.empty:
        return None
    final = parquet_dir / f"events-{batch_key(result.articles)}.parquet"
    tmp = final.with_name(final.name + ".tmp")
    conform(result.events).to_parquet(tmp, index=False)
    return tmp


class Progress:
    """A small progress bar on stderr over bytes: percent, articles/s, MB/s and ETA."""

    def __init__(
        self, total_bytes: int, *, enabled: bool = True, stream: TextIO | None = None
    ) -> None:
        self.total = max(total_bytes, 1)
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.perf_counter()
        self.last = 0.0
        self.done_bytes = 0
        self.articles = 0
        self.drawn: tuple[int, int] | None = None

    def update(self, nbytes: int, articles: int) -> None:
        """Count a finished batch and redraw (a tty at most 10 times a second, else every 10 s)."""
        self.done_bytes += nbytes
        self.articles += articles
        now = time.perf_counter()
        if self.enabled and (now - self.last >= (0.1 if self.tty else 10.0)):
            self.last = now
            self._draw(now)

    def _draw(self, now: float, final: bool = False) -> None:
        self.drawn = (self.done_bytes, self.articles)
        elapsed = max(now - self.start, 1e-9)
        frac = min(self.done_bytes / self.total, 1.0)
        rate = self.articles / elapsed
        mbps = self.done_bytes / MB / elapsed
        eta = (elapsed / frac - elapsed) if frac > 0 else 0.0
        width = 24
        bar = "#" * int(frac * width) + "-" * (width - int(frac * width))
        done = {"done": self.done_bytes / MB, "total": self.total / MB, "articles": self.articles}
        speed = {"rate": rate, "mbps": mbps, "minutes": int(eta // 60), "seconds": int(eta % 60)}
        text = messages.say("ingest.progress", bar=bar, frac=frac, **done, **speed)
        if self.tty:
            self.stream.write("\r" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Draw the last state."""
        if not self.enabled or not (self.tty or self.done_bytes):
            return
        if self.drawn == (self.done_bytes, self.articles):  # already on screen: end its line
            if self.tty:
                self.stream.write("\n")
                self.stream.flush()
            return
        self._draw(time.perf_counter(), final=True)


@dataclass
class Summary:
    """What an ingest run did."""

    files: int = 0
    bytes: int = 0
    batches: int = 0
    batches_total: int = 0
    articles_new: int = 0
    articles_skipped: int = 0
    events: int = 0
    parquet_files: int = 0
    errors: list[FileError] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    #: Why the run stopped early (an engine or cluster error), when it did.
    failure: str | None = None

    def lines(self, max_errors: int = 20) -> list[str]:
        """The final report, one figure a line."""
        rate = self.articles_new / self.seconds if self.seconds else 0.0
        files = {"files": self.files, "mb": self.bytes / MB, "batches": self.batches}
        articles = {"new": self.articles_new, "skipped": self.articles_skipped, "rate": rate}
        events = messages.say("ingest.events", events=self.events)
        if self.parquet_files:
            events += messages.say("ingest.parquet", count=self.parquet_files)
        out = [
            messages.say("ingest.files", total=self.batches_total, seconds=self.seconds, **files),
            messages.say("ingest.articles", **articles),
            events,
            messages.say("ingest.errors", count=len(self.errors)),
        ]
        out += [f"  {e.line()}" for e in self.errors[:max_errors]]
        if len(self.errors) > max_errors:
            out.append(messages.say("ingest.more_errors", count=len(self.errors) - max_errors))
        if self.interrupted:
            out.append(messages.text("ingest.interrupted"))
        if self.failure:
            out.append(messages.say("ingest.stopped", failure=self.failure))
        return out


@dataclass
class IngestOptions:
    """Everything ``ingest`` needs besides the inputs."""

    store: str | None = None
    engine: str = "local"
    workers: int = 2
    scheduler: str | None = None
    parquet: str | None = None
    published: date | None = None
    batch_mb: float = BATCH_MB
    batch_files: int = BATCH_FILES
    progress: bool = True


def ingest(
    patterns: Sequence[str],
    options: IngestOptions | None = None,
    *,
    on_commit: Callable[[BatchResult], None] | None = None,
    err: TextIO | None = None,
) -> Summary:
    """Ingest ``patterns`` into the store; returns the summary (raises InputError on bad input).

    ``on_commit`` is called after each committed batch (tests use it to simulate a crash).
    """
    opts = options or IngestOptions()
    stream: TextIO = err or sys.stderr
    if opts.engine not in ("local", "dask"):
        raise InputError(messages.say("ingest.unknown_engine", engine=opts.engine), code="argument")
    if opts.workers < 1:
        raise InputError(messages.text("ingest.no_workers"), code="argument")
    started = time.perf_counter()
    items, input_errors = expand_inputs(patterns)
    summary = Summary(files=0, errors=list(input_errors))
    for e in input_errors:
        print(e.line(), file=stream)
    batches = plan_batches(items, opts.batch_mb, opts.batch_files)
    summary.batches_total = len(batches)
    parquet_dir = Path(opts.parquet) if opts.parquet else None
    if parquet_dir is not None:
        parquet_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(opts.store)
    limit_store_memory(store)
    pending: dict[int, set[str]] = {}

    def skip_fn(index: int, ids: list[str]) -> set[str]:
        claimed: set[str] = set().union(*pending.values()) if pending else set()
        skip = known_ids(store, sorted(set(ids) - claimed)) | (claimed & set(ids))
        pending[index] = set(ids) - skip
        return skip

    progress = Progress(sum(i.size for i in items), enabled=opts.progress, stream=stream)
    try:
        if parquet_dir is not None:
            recover_parquet(parquet_dir, store)
        if opts.engine == "local":
            results: Iterator[BatchResult] = run_local(batches, skip_fn, opts.published)
        else:
            from analytics import dask_engine

            results = dask_engine.run_dask(
                batches, skip_fn, opts.published, workers=opts.workers, scheduler=opts.scheduler
            )
        with contextlib.closing(results):
            for result in results:
                tmp = write_parquet_tmp(parquet_dir, result) if parquet_dir else None
                if result.articles:
                    store.add(result.articles, result.events)
                if tmp is not None:
                    os.replace(tmp, tmp.with_suffix(""))
                    summary.parquet_files += 1
                pending.pop(result.index, None)
                summary.batches += 1
                summary.files += result.files
                summary.bytes += result.bytes
                summary.articles_new += len(result.articles)
                summary.articles_skipped += result.skipped
                summary.events += len(result.events)
                summary.errors.extend(result.errors)
                for e in result.errors:
                    if progress.tty and opts.progress:
                        stream.write("\r\x1b[K")
                    print(e.line(), file=stream)
                progress.update(result.bytes, len(result.articles) + result.skipped)
                if on_commit is not None:
                    on_commit(result)
    except KeyboardInterrupt:
        summary.interrupted = True
    except InputError:
        raise
    except Exception as exc:  # an engine failure: reported in one line, committed batches kept
        log.debug("ingest stopped", exc_info=True)
        first_line = (str(exc).strip().splitlines() or [""])[0]
        summary.failure = f"{exc.__class__.__name__}: {first_line}"
    finally:
        progress.close()
        with contextlib.suppress(Exception):
            store.close()
        summary.seconds = time.perf_counter() - started
    return summary


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``ingest`` subcommand's arguments (shared by analytics/cli.py and ``main``)."""
    helps = messages.section("ingest.help")
    parser.add_argument("inputs", nargs="+", metavar="PATH_OR_GLOB", help=helps["inputs"])
    parser.add_argument("--store", metavar="DIR_OR_FILE", help=helps["store"])
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--workers", type=int, default=2, metavar="N", help=helps["workers"])
    parser.add_argument("--scheduler", metavar="ADDRESS", help=helps["scheduler"])
    parser.add_argument("--parquet", metavar="DIR", help=helps["parquet"])
    parser.add_argument("--date", metavar="YYYY-MM-DD", help=helps["date"])
    parser.add_argument("--batch-mb", type=float, default=BATCH_MB, help=argparse.SUPPRESS)
    parser.add_argument("--batch-files", type=int, default=BATCH_FILES, help=argparse.SUPPRESS)
    parser.add_argument("--no-progress", action="store_true", help=helps["no_progress"])


def options_from_args(args: argparse.Namespace) -> IngestOptions:
    """IngestOptions from parsed arguments; InputError on a bad value."""
    published = None
    if args.date:
        try:
            published = date.fromisoformat(args.date)
        except ValueError:
            raise InputError(messages.say("ingest.bad_date", value=args.date)) from None
    if args.batch_mb <= 0 or args.batch_files < 1:
        raise InputError(messages.text("ingest.bad_batch"))
    return IngestOptions(
        store=args.store,
        engine="dask" if args.scheduler else args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        parquet=args.parquet,
        published=published,
        batch_mb=args.batch_mb,
        batch_files=args.batch_files,
        progress=not args.no_progress,
    )


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``ingest`` command: summary on stdout; exit 0, or 2 on bad arguments, 1 when
    the engine failed (a cluster error), 130 when interrupted. Unreadable files are listed in the
    summary and do not change the exit code."""

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = None
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        summary = ingest(args.inputs, options_from_args(args))
    except InputError as err:
        print(messages.say("ingest.failed", error=err), file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print("\n".join(summary.lines()))
    if summary.failure:
        return 1
    return 130 if summary.interrupted else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m analytics.ingest ...`` (the same as ``python -m analytics ingest ...``)."""
    parser = argparse.ArgumentParser(
        prog="python -m analytics ingest", description=__doc__.split("\n")[0]
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
