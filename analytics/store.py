"""The embedded store: articles and their events in one DuckDB file under a data directory.

``<data_dir>/dealscope.duckdb`` holds the tables ``articles`` (one row per article content
id, with its text), ``events`` (the columns of ``analytics.schema``, plus the ``counted`` flag
that ``analytics.group_links`` keeps: false for the extra reports of a grouped event), ``meta``
(the store's version, bumped by every write, and whether the bundled sample was loaded),
``event_groups`` (the links between reports of one event), ``uploads`` (the upload journal) and
the review's tables. Every statement is a named file of ``analytics/sql``.

``Store`` is one object made of one part per concern, each its own module:

- ``analytics.store_base``: the connection, read cursors, one-transaction writes, meta;
- ``analytics.store_queries``: pages, counts and aggregates by filter state, with the cache of
  filtered sets (``QueryOps``);
- ``analytics.store_review``: accept, correct, reject, undo, the queue (``ReviewOps``);
- ``analytics.group_links``: grouping links, ungroup and regroup (``GroupOps``);
- ``analytics.journal``: the upload journal and removing an upload (``JournalOps``);
- ``analytics.storefile``: the data directory, opening the file, damage checks;
- this module: creating the tables, adding articles and events, the sample, the rates file.

One ``Store`` may be shared by threads: reads use a cursor of their own, writes are serialized
and each is one transaction.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

# Besides what it uses, this module re-exports the public names of the modules Store is made
# of (``from analytics.store import Store, TypeTotals, check_store`` as before the split).
from analytics import messages, review
from analytics.articles import Article
from analytics.catalogue import sql, table
from analytics.errors import InputError
from analytics.fx import RATES_FILENAME, convert, load_rates_file
from analytics.group_links import DDL as GROUP_DDL
from analytics.group_links import GroupOps, ensure_counted_column, update_groups
from analytics.journal import (
    PENDING_STATES,
    UPLOAD_STATES,
    JournalEntry,
    JournalOps,
    RemoveResult,
    mark_interrupted,
    record_outcome,
)
from analytics.schema import COLUMN_NAMES, COLUMNS, PRIMARY_TYPES, conform
from analytics.store_base import bump
from analytics.store_queries import (
    TypeTotals,
    narrowing_filters,
    totals_by_type,
    types_only,
)
from analytics.store_review import ReviewOps
from analytics.storefile import (
    DB_FILENAME,
    DEFAULT_DATA_DIR,
    ENV_DATA_DIR,
    ENV_SAMPLE_DIR,
    SAMPLE_DIR,
    CheckReport,
    StoreDamagedError,
    StoreInUseError,
    check_length,
    check_store,
    connect,
    damaged_store_error,
    data_dir_from_args,
    first_open,
    is_damage,
    resolve_data_dir,
    resolve_sample_dir,
)

log = logging.getLogger(__name__)

_SQL_TYPES = {"str": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT", "bool": "BOOLEAN"}
_ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("url", pa.string()),
        ("body", pa.string()),
        ("added_at", pa.timestamp("us")),
    ]
)
#: The statements that create the store's tables (each idempotent), in order.
DDL: tuple[str, ...] = (
    sql("create_articles"),
    sql("create_events").format(
        columns=", ".join(f'"{c.name}" {_SQL_TYPES[c.dtype]}' for c in COLUMNS)
    ),
    sql("create_meta"),
    sql("meta_version_row"),
    *GROUP_DDL,
    # The upload journal: one row per received file, written before it is read and updated as
    # it goes, so no outcome depends on the page that sent the file still being there.
    sql("create_uploads"),
    *review.DDL,
)
#: The tables read once on opening (a damaged file fails here, not on the first page).
_OPENING_READS = ("meta", "articles", "events", "event_groups", "uploads")
#: DuckDB's memory limit for the moment ``release_memory`` evicts cached blocks.
_RELEASE_LIMIT = "32MB"


@dataclass(frozen=True)
class AddResult:
    """What ``Store.add`` wrote: new articles and events, and articles it already had."""

    new_articles: int
    existing_articles: int
    new_events: int
    new_ids: tuple[str, ...] = ()
    existing_ids: tuple[str, ...] = ()
    events_by_type: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedResult:
    """What ``Store.ensure_seeded`` loaded, and the files it left out with the reason."""

    files: int
    added: AddResult
    skipped: tuple[tuple[str, str], ...] = ()


class Store(ReviewOps, GroupOps, JournalOps):
    """Articles and events in ``<data_dir>/dealscope.duckdb``; safe to share between threads."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.path = self.data_dir / DB_FILENAME
        self._init_shared()
        #: Why the data directory's rates file was not used (None: used, or there is none).
        self.rates_error: str | None = None
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            text = messages.say("store.dir_not_created", path=self.data_dir, reason=err.strerror)
            raise InputError(text, code="store_dir") from err
        self._con = connect(self.path)
        try:
            check_length(self._con, self.path)
            with self._write() as cur:
                for statement in DDL:
                    cur.execute(statement)
                self._add_missing_columns(cur)
                ensure_counted_column(cur)
                review.ensure_schema(cur)
                # One process owns the file: rows an earlier server left without an outcome
                # are marked interrupted (only on this process's first open of the file).
                mark_interrupted(cur, first_open(self.path))
                for name in _OPENING_READS:
                    cur.execute(sql("count_rows").format(table=name)).fetchall()
        except duckdb.Error as err:
            self._con.close()
            raise damaged_store_error(self.path, err) from err
        self._load_rates()

    def __enter__(self) -> Store:
        return self

    def _add_missing_columns(self, cur: duckdb.DuckDBPyConnection) -> None:
        have = {r[0] for r in cur.execute(sql("events_columns")).fetchall()}
        for col in COLUMNS:
            if col.name not in have:
                kind = _SQL_TYPES[col.dtype]
                cur.execute(sql("add_event_column").format(name=col.name, type=kind))

    # --- writing ----------------------------------------------------------------------------

    def add(
        self,
        articles: Sequence[Article],
        events: pd.DataFrame | None = None,
        *,
        _meta: dict[str, str] | None = None,
        journal_id: str | None = None,
        journal_notes: Sequence[str] = (),
    ) -> AddResult:
        """Write the articles not stored yet and their events, all in one transaction.

        Articles whose content id is already stored (or repeated in ``articles``) are skipped
        with their events. Every event must belong to one of ``articles``. ``journal_id``: the
        upload journal row these come from, given its outcome in the same transaction (so a
        crash leaves the row and the data in step).
        """
        events = conform(events) if events is not None else conform(pd.DataFrame())
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.content_id, article)
        unknown = set(events["article_id"]) - set(unique)
        if unknown:
            raise ValueError(messages.say("store.events_not_given", ids=sorted(unknown)[:3]))
        with self._write() as cur:
            ids = list(unique)
            existing = {r[0] for r in cur.execute(sql("articles_known"), [ids]).fetchall()}
            new_ids = [i for i in ids if i not in existing]
            new_events = events[events["article_id"].isin(new_ids)]
            if new_ids:
                rows = _article_table([unique[i] for i in new_ids])
                cur.register("incoming_articles", rows)
                cur.execute(sql("articles_insert"))
                cur.unregister("incoming_articles")
            if len(new_events):
                cols = ", ".join(f'"{c}"' for c in COLUMN_NAMES)
                cur.register("incoming_events", new_events)
                cur.execute(sql("events_insert").format(columns=cols))
                cur.unregister("incoming_events")
                self._fill_rates(cur, new_ids)
                # corrections of an article stored before (removed, then ingested again)
                review.reapply(cur, new_ids, self._rates)
                update_groups(cur)  # link reports of one event, in this transaction
            if new_ids or _meta:
                bump(cur)
            for key, value in (_meta or {}).items():
                cur.execute(sql("meta_set"), [key, value])
            by_type = new_events["event_type"].value_counts().to_dict() if len(new_events) else {}
            if journal_id is not None:
                record_outcome(
                    cur,
                    journal_id,
                    articles_read=len(articles),
                    new_ids=new_ids,
                    already_stored=len(ids) - len(new_ids),
                    events=len(new_events),
                    by_type=by_type,
                    notes=journal_notes,
                )
        return AddResult(
            new_articles=len(new_ids),
            existing_articles=len(ids) - len(new_ids),
            new_events=len(new_events),
            new_ids=tuple(new_ids),
            existing_ids=tuple(i for i in ids if i in existing),
            events_by_type={str(k): int(v) for k, v in by_type.items()},
        )

    def ensure_seeded(self, sample_dir: str | os.PathLike[str]) -> SeedResult | None:
        """On first start, load every article file of ``sample_dir``; later calls do nothing.

        README and gold (answer key) files are left out; a file that cannot be read is skipped
        with its message. The whole sample is written in one transaction.
        """
        if self.meta("seeded") is not None:
            return None
        from analytics.extract import extract_articles
        from analytics.reading import read_articles

        articles: list[Article] = []
        skipped: list[tuple[str, str]] = []
        files = 0
        for path in _sample_files(Path(sample_dir)):
            try:
                found = read_articles(path)
            except InputError as err:
                skipped.append((path.name, str(err)))
                continue
            files += 1
            articles.extend(found)
        events = extract_articles(articles) if articles else None
        added = self.add(articles, events, _meta={"seeded": str(Path(sample_dir))})
        for name, reason in skipped:
            log.warning("sample file %s skipped: %s", name, reason)
        return SeedResult(files=files, added=added, skipped=tuple(skipped))

    def release_memory(self) -> None:
        """Give back the memory DuckDB keeps after a big write: checkpoint (the data is in the
        file, so its blocks may be dropped), then evict every unpinned block by lowering the
        memory limit for a moment and setting it back. Costs only re-reads from the file (the
        OS usually caches it); runs under the write lock, so no write is under way."""
        with self._write_lock:
            with self._lock:
                cur = self._con.cursor()
            try:
                limit = cur.execute(sql("memory_limit")).fetchone()[0]
                cur.execute(sql("checkpoint"))
                cur.execute(sql("set_memory_limit").format(limit=_RELEASE_LIMIT))
            except duckdb.Error as err:  # a read holding memory: keep what is kept
                log.info("memory not released: %s", err)
            finally:
                try:
                    cur.execute(sql("set_memory_limit").format(limit=limit))
                except (duckdb.Error, NameError):
                    cur.execute(sql("reset_memory_limit"))
                cur.close()

    # --- rates file --------------------------------------------------------------------------

    @property
    def rates_path(self) -> Path:
        """The rates file of the data directory (``date,currency,usd_rate``), used if present."""
        return self.data_dir / RATES_FILENAME

    def _load_rates(self) -> None:
        """Read the rates file, if any, and give its rates to stored rows that have none."""
        if not self.rates_path.is_file():
            return
        try:
            self._rates = load_rates_file(self.rates_path)
        except InputError as err:
            self.rates_error = str(err)
            log.warning("rates file not used: %s", err)
            return
        stamp = f"{self.rates_path.stat().st_mtime_ns}:{self.rates_path.stat().st_size}"
        if self.meta("rates_file") == stamp:
            return
        with self._write() as cur:
            if self._fill_rates(cur, None):
                bump(cur)
            cur.execute(sql("meta_set"), ["rates_file", stamp])

    def _fill_rates(self, cur: duckdb.DuckDBPyConnection, article_ids: list[str] | None) -> int:
        """USD values from the rates file for rows without a rate (of ``article_ids``, or all)."""
        if not self._rates:
            return 0
        params: list[Any] = [list(self._rates), article_ids is None, article_ids or []]
        rows = cur.execute(sql("rates_missing"), params).fetchall()
        updates = []
        for rowid, amount, currency, on in rows:
            day = _as_date(on)
            found = convert(amount, currency, day, rates=self._rates)
            if found.usd is not None:
                fx_day = found.rate_date.isoformat() if found.rate_date else None
                updates.append((found.usd, found.rate, fx_day, found.source, rowid))
        if updates:
            cur.executemany(sql("rates_update"), updates)
        return len(updates)

    # --- reading ----------------------------------------------------------------------------

    def count_articles(self) -> int:
        """How many articles are stored."""
        return int(self._scalar(sql("count_articles")))

    def count_by_type(self) -> dict[str, int]:
        """Stored events per event type."""
        rows = self._frame(sql("count_by_type"))
        return {str(t): int(n) for t, n in zip(rows["event_type"], rows["n"], strict=True)}

    def count_money_events(self) -> int:
        """Stored events of the primary types (funding, fines, acquisitions)."""
        return int(self._scalar(sql("count_of_types"), [list(PRIMARY_TYPES)]))

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        with self._read() as cur:
            rows = cur.execute(sql("articles_known"), [wanted]).fetchall()
        return {r[0] for r in rows}

    def article(self, article_id: str) -> Article | None:
        """The stored article with this content id, or None."""
        with self._read() as cur:
            row = cur.execute(sql("article_row"), [article_id]).fetchone()
        if row is None:
            return None
        title, body, source, published, url = row
        return Article(
            title=title or "",
            body=body or "",
            source=source or "",
            published=published,
            url=url,
            content_id=article_id,
        )

    def date_span(self) -> tuple[str | None, str | None]:
        """First and last publication date of the stored articles (ISO), or (None, None)."""
        with self._read() as cur:
            low, high = cur.execute(sql("date_span")).fetchone()
        return (low.isoformat() if low else None, high.isoformat() if high else None)


def _article_table(articles: Iterable[Article]) -> pa.Table:
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "article_id": a.content_id,
            "source": a.source,
            "title": a.title,
            "published": _as_date(a.published),
            "url": a.url,
            "body": a.body,
            "added_at": now,
        }
        for a in articles
    ]
    return pa.Table.from_pylist(rows, schema=_ARTICLE_SCHEMA)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _sample_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and not any(word in p.name.lower() for word in table("store", "not_articles"))
    )
