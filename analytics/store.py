"""The embedded store: articles and their events in one DuckDB file under a data directory.

``<data_dir>/dealscope.duckdb`` holds the tables ``articles`` (one row per article content
id, with its text), ``events`` (the columns of ``analytics.schema``, plus the ``counted`` flag
that ``analytics.grouping`` keeps: false for the extra reports of a grouped event), ``meta`` (the
store's version, bumped by every write, and whether the bundled sample was loaded) and
``event_groups`` (the links between reports of one event).

Filtering, paging and aggregation run as SQL inside DuckDB (see ``analytics.queries``); only the
rows asked for come back as pandas. The events one filter state keeps, when not too many
(``FILTERED_MAX_ROWS``), are read once (a few columns, as an Arrow table, in a cache bounded by
``FILTERED_CACHE_ENTRIES`` and ``FILTERED_CACHE_BYTES`` and emptied by every write); the
aggregates, the row count and the table's page are then computed over that set, and only the
page's rows are read whole. A state that only narrows a cached one (on event type, sector,
company search, USD amount or date) is cut from that set instead of read from the table again.
Broader states are queried in the table itself, and a state that narrows by event type alone
takes its aggregates and row count from those over every type (computed once per store version).
One ``Store`` may be shared by threads: reads use a cursor of their own, writes are serialized
and each is one transaction.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import grouping, review
from analytics.articles import Article
from analytics.errors import InputError
from analytics.filters import FILTERS, Filter, FilterState, where
from analytics.fx import RATES_FILENAME, Rates, convert, load_rates_file
from analytics.queries import (
    COMPANY_TYPE_SQL,
    DEFAULT_ORDER,
    TOP_FROM_COMPANY_TYPE_SQL,
    aggregate_sql,
    filtered_sql,
    page_ids_sql,
    rows_by_id_sql,
    select_sql,
)
from analytics.schema import COLUMN_NAMES, COLUMNS, PRIMARY_TYPES, conform

log = logging.getLogger(__name__)

DB_FILENAME = "dealscope.duckdb"
ENV_DATA_DIR = "DEALSCOPE_DATA_DIR"
DEFAULT_DATA_DIR = Path("var")
ENV_SAMPLE_DIR = "DEALSCOPE_SAMPLE_DIR"
#: The bundled sample articles a new store is filled from.
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data"

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
_DDL = [
    """CREATE TABLE IF NOT EXISTS articles (
           article_id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, published DATE,
           url VARCHAR, body VARCHAR, added_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS events ("
    + ", ".join(f'"{c.name}" {_SQL_TYPES[c.dtype]}' for c in COLUMNS)
    + ")",
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "INSERT INTO meta VALUES ('version', '0') ON CONFLICT DO NOTHING",
    *grouping.DDL,
    # The upload journal: one row per received file, written before it is read and updated as
    # it goes, so no outcome depends on the page that sent the file still being there.
    """CREATE TABLE IF NOT EXISTS uploads (
           upload_id VARCHAR, session_id VARCHAR, name VARCHAR, original_name VARCHAR,
           size BIGINT, sha256 VARCHAR, state VARCHAR, reason VARCHAR, articles_read INTEGER,
           new_articles INTEGER, already_stored INTEGER, events INTEGER,
           events_by_type VARCHAR, notes VARCHAR, article_ids VARCHAR[],
           received_at TIMESTAMP, updated_at TIMESTAMP, file_ref VARCHAR)""",
    *review.DDL,
]
#: Files in the sample folder that are documentation or answer keys, not articles.
_NOT_ARTICLES = ("readme", "gold")
#: At most this many options in a data-driven filter (the most frequent values).
MAX_OPTIONS = 500
#: Columns ``distinct_values`` may be asked about (filter options).
DISTINCT_COLUMNS = frozenset(c.name for c in COLUMNS if c.dtype == "str")
#: What a filtered set keeps of each event: the columns the aggregates, the row count and the
#: table's sort orders read, the counted flag, and the rowid to fetch a page's rows by. The
#: amount as written is kept only beside a USD amount (the only rows whose largest deal it can
#: name). The filters on event type, sector, company or counterparty, USD amount and date read
#: only these columns, so a narrower state on those is cut from a cached set (``_narrowed``).
_FILTERED_COLUMNS = (
    "rowid AS rid, (coalesce(counted, true) AND review IS DISTINCT FROM 'rejected') AS counted, "
    "event_type, sector, company, counterparty, amount_usd, "
    "CASE WHEN amount_usd IS NOT NULL THEN amount_text END AS amount_text, undisclosed, "
    "article_date, event_date, review, confidence"
)
_FILTERED_NAMES = frozenset(
    (
        "event_type",
        "sector",
        "company",
        "counterparty",
        "amount_usd",
        "article_date",
        "event_date",
        "review",
    )
)
#: The registered name of a filtered set inside a read cursor.
_FILTERED_NAME = "filtered_events"
#: Bounds of the filtered sets kept in memory: how many, and their Arrow bytes in all.
FILTERED_CACHE_ENTRIES = 6
FILTERED_CACHE_BYTES = 512 * 2**20
#: A filter state keeping more events than this is answered by queries over the whole table (the
#: table's own scans beat a copy of most of it; only the row count is cached for it).
FILTERED_MAX_ROWS = 400_000


class StoreInUseError(InputError):
    """Another process holds the store file (DuckDB allows one writing process)."""


class StoreDamagedError(InputError):
    """The store file cannot be read (truncated, overwritten, not a DuckDB file)."""


#: States of an upload journal row. ``received``: the file reached the server; ``extracting``:
#: it is being read and its events found; then one outcome: ``added`` (new articles written),
#: ``already stored`` (every article was in the store), ``refused`` (bad input, with the
#: reader's reason; nothing written), ``failed`` (an internal error; nothing written),
#: ``interrupted`` (the server stopped before the outcome; nothing written) or ``removed`` (its
#: articles were taken out again).
UPLOAD_STATES = (
    "received",
    "extracting",
    "added",
    "already stored",
    "refused",
    "failed",
    "interrupted",
    "removed",
)
#: States with no outcome yet.
PENDING_STATES = ("received", "extracting")


@dataclass(frozen=True)
class JournalEntry:
    """One row of the upload journal."""

    upload_id: str
    name: str
    original_name: str
    size: int
    sha256: str
    state: str
    session_id: str | None = None
    reason: str | None = None
    articles_read: int = 0
    new_articles: int = 0
    already_stored: int = 0
    events: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()
    received_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """True while the file has no outcome yet."""
        return self.state in PENDING_STATES


@dataclass(frozen=True)
class RemoveResult:
    """What ``Store.remove_upload`` took out."""

    articles: int
    events: int


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


@dataclass(frozen=True)
class FilteredSet:
    """The events one filter state keeps: how many, and (when not too many) the set itself."""

    rows: int
    table: pa.Table | None = None
    #: The filter state whose events these are (set once cached).
    state: FilterState | None = None

    @property
    def nbytes(self) -> int:
        """Memory the set holds."""
        return self.table.nbytes if self.table is not None else 0


@dataclass(frozen=True)
class TypeTotals:
    """Headline figures of one event type over the filtered rows."""

    events: int = 0
    undisclosed: int = 0
    priced: int = 0
    no_rate: int = 0
    amount_usd: float = 0.0


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the argument, else ``$DEALSCOPE_DATA_DIR``, else ``./var``."""
    if data_dir:
        return Path(data_dir)
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else DEFAULT_DATA_DIR


def resolve_sample_dir(sample_dir: str | os.PathLike[str] | None = None) -> Path:
    """The sample folder: the argument, else ``$DEALSCOPE_SAMPLE_DIR``, else ``data/``."""
    if sample_dir:
        return Path(sample_dir)
    env = os.environ.get(ENV_SAMPLE_DIR)
    return Path(env) if env else SAMPLE_DIR


def data_dir_from_args(argv: Sequence[str]) -> str | None:
    """``--data-dir DIR`` or ``--data-dir=DIR`` from a command line, if given."""
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--data-dir="):
            return arg.split("=", 1)[1]
    return None


class Store:
    """Articles and events in ``<data_dir>/dealscope.duckdb``; safe to share between threads."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.path = self.data_dir / DB_FILENAME
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        # filtered sets by (version, WHERE clause, parameters): least recently used first
        self._filtered_sets: OrderedDict[tuple[Any, ...], FilteredSet] = OrderedDict()
        self._filtered_reads: dict[tuple[Any, ...], threading.Lock] = {}
        self._filtered_generation = 0
        # aggregates over every event type, per store version (see _aggregate_by_type)
        self._by_type: dict[tuple[Any, ...], pd.DataFrame] = {}
        #: Why the data directory's rates file was not used (None: used, or there is none).
        self.rates_error: str | None = None
        self._rates: Rates | None = None
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(
                f"the data directory {self.data_dir} cannot be created: {err.strerror}",
                code="store_dir",
            ) from err
        self._con = _connect(self.path)
        try:
            _check_length(self._con, self.path)
            with self._write() as cur:
                for statement in _DDL:
                    cur.execute(statement)
                self._add_missing_columns(cur)
                grouping.ensure_counted_column(cur)
                review.ensure_schema(cur)
                # One process owns the file: rows left without an outcome by an earlier server
                # (killed mid-upload) never finished; their transaction wrote nothing. Only the
                # first open in this process does it (a second Store here shares live uploads).
                first_open = _first_open(self.path)
                cur.execute(
                    "UPDATE uploads SET state = 'interrupted', updated_at = ?, reason = "
                    "'the server stopped before the file was stored' "
                    "WHERE ? AND list_contains(?::VARCHAR[], state)",
                    [_now(), first_open, list(PENDING_STATES)],
                )
                for table in ("meta", "articles", "events", "event_groups", "uploads"):
                    cur.execute(f"SELECT count(*) FROM {table}").fetchall()
        except duckdb.Error as err:
            self._con.close()
            raise damaged_store_error(self.path, err) from err
        self._load_rates()

    # --- connection -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        with self._lock:
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.data_dir)!r})"

    @contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def _write(self, *, forget: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error.

        ``forget=False`` keeps the cached filtered sets (a write that changes no event)."""
        with self._write_lock:
            with self._lock:
                cur = self._con.cursor()
            try:
                cur.begin()
                try:
                    yield cur
                except BaseException:
                    cur.rollback()
                    raise
                cur.commit()
            finally:
                cur.close()
                if forget:
                    self._forget_filtered()

    def _add_missing_columns(self, cur: duckdb.DuckDBPyConnection) -> None:
        have = {r[0] for r in cur.execute("SELECT column_name FROM (DESCRIBE events)").fetchall()}
        for col in COLUMNS:
            if col.name not in have:
                cur.execute(f'ALTER TABLE events ADD COLUMN "{col.name}" {_SQL_TYPES[col.dtype]}')

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
            raise ValueError(f"events for articles not given: {sorted(unknown)[:3]}")
        with self._write() as cur:
            ids = list(unique)
            existing = {
                r[0]
                for r in cur.execute(
                    "SELECT article_id FROM articles WHERE list_contains(?::VARCHAR[], article_id)",
                    [ids],
                ).fetchall()
            }
            new_ids = [i for i in ids if i not in existing]
            new_events = events[events["article_id"].isin(new_ids)]
            if new_ids:
                rows = _article_table([unique[i] for i in new_ids])
                cur.register("incoming_articles", rows)
                cur.execute("INSERT INTO articles SELECT * FROM incoming_articles")
                cur.unregister("incoming_articles")
            if len(new_events):
                cols = ", ".join(f'"{c}"' for c in COLUMN_NAMES)
                cur.register("incoming_events", new_events)
                cur.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM incoming_events")
                cur.unregister("incoming_events")
                self._fill_rates(cur, new_ids)
                # corrections of an article stored before (removed, then ingested again)
                review.reapply(cur, new_ids, self._rates)
                grouping.update_groups(cur)  # link reports of one event, in this transaction
            if new_ids or _meta:
                cur.execute(
                    "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                    "WHERE key = 'version'"
                )
            for key, value in (_meta or {}).items():
                cur.execute(
                    "INSERT INTO meta VALUES (?, ?) "
                    "ON CONFLICT DO UPDATE SET value = excluded.value",
                    [key, value],
                )
            by_type = new_events["event_type"].value_counts().to_dict() if len(new_events) else {}
            if journal_id is not None:
                cur.execute(
                    "UPDATE uploads SET state = ?, reason = NULL, articles_read = ?, "
                    "new_articles = ?, already_stored = ?, events = ?, events_by_type = ?, "
                    "notes = ?, article_ids = ?, updated_at = ? WHERE upload_id = ?",
                    [
                        "added" if new_ids else "already stored",
                        len(articles),
                        len(new_ids),
                        len(ids) - len(new_ids),
                        len(new_events),
                        json.dumps({str(k): int(v) for k, v in by_type.items()}),
                        json.dumps(list(journal_notes)),
                        new_ids,
                        _now(),
                        journal_id,
                    ],
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
                limit = cur.execute("SELECT current_setting('memory_limit')").fetchone()[0]
                cur.execute("CHECKPOINT")
                cur.execute("SET memory_limit = '32MB'")
            except duckdb.Error as err:  # a read holding memory: keep what is kept
                log.info("memory not released: %s", err)
            finally:
                try:
                    cur.execute(f"SET memory_limit = '{limit}'")
                except (duckdb.Error, NameError):
                    cur.execute("RESET memory_limit")
                cur.close()

    # --- the upload journal -------------------------------------------------------------------

    def journal_receive(
        self,
        *,
        name: str,
        original_name: str,
        size: int,
        sha256: str,
        session_id: str | None = None,
        state: str = "received",
        reason: str | None = None,
        file_ref: str | None = None,
    ) -> str | None:
        """Write a journal row for a file that reached the server; returns its upload id.

        ``file_ref``: the uploader's id of the file in ``session_id``; a file already journaled
        under it is not journaled again (None is returned), however often the page reruns."""
        if state not in UPLOAD_STATES:
            raise ValueError(f"not an upload state: {state!r}")
        upload_id = uuid.uuid4().hex
        now = _now()
        with self._write(forget=False) as cur:
            if file_ref is not None:
                seen = cur.execute(
                    "SELECT count(*) FROM uploads WHERE session_id IS NOT DISTINCT FROM ? "
                    "AND file_ref = ?",
                    [session_id, file_ref],
                ).fetchone()
                if seen and seen[0]:
                    return None
            cur.execute(
                "INSERT INTO uploads (upload_id, session_id, name, original_name, size, sha256, "
                "state, reason, articles_read, new_articles, already_stored, events, "
                "events_by_type, notes, article_ids, received_at, updated_at, file_ref) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '{}', '[]', [], ?, ?, ?)",
                [
                    upload_id,
                    session_id,
                    name,
                    original_name,
                    size,
                    sha256,
                    state,
                    reason,
                    now,
                    now,
                    file_ref,
                ],
            )
        return upload_id

    def journal_set(self, upload_id: str, state: str, reason: str | None = None) -> None:
        """Move a journal row to ``state`` (with the reason, for a refusal or a failure)."""
        if state not in UPLOAD_STATES:
            raise ValueError(f"not an upload state: {state!r}")
        with self._write(forget=False) as cur:
            cur.execute(
                "UPDATE uploads SET state = ?, reason = ?, updated_at = ? WHERE upload_id = ?",
                [state, reason, _now(), upload_id],
            )

    def journal(
        self, *, session_id: str | None = None, limit: int | None = 200
    ) -> list[JournalEntry]:
        """Journal rows, newest first: one session's (``session_id``), else every session's."""
        sql = f"SELECT {_JOURNAL_COLUMNS} FROM uploads"
        params: list[Any] = []
        if session_id is not None:
            sql += " WHERE session_id = ?"
            params.append(session_id)
        sql += " ORDER BY received_at DESC, upload_id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._read() as cur:
            rows = cur.execute(sql, params).fetchall()
        return [_journal_entry(row) for row in rows]

    def journal_entry(self, upload_id: str) -> JournalEntry | None:
        """One journal row, or None."""
        with self._read() as cur:
            row = cur.execute(
                f"SELECT {_JOURNAL_COLUMNS} FROM uploads WHERE upload_id = ?", [upload_id]
            ).fetchone()
        return _journal_entry(row) if row else None

    def remove_upload(self, upload_id: str) -> RemoveResult:
        """Take out the articles an upload added, with their events and group links, in one
        transaction; the journal row becomes ``removed``. Articles the upload found already
        stored belong to earlier files and stay; so does everything else."""
        with self._write() as cur:
            row = cur.execute(
                "SELECT state, article_ids FROM uploads WHERE upload_id = ?", [upload_id]
            ).fetchone()
            if row is None:
                raise KeyError(f"no upload {upload_id!r} in the journal")
            state, ids = row[0], list(row[1] or [])
            if state != "added":
                raise ValueError(f"the upload is {state}, so it has nothing to remove")
            cur.execute(
                "CREATE OR REPLACE TEMP TABLE removed_events AS SELECT e.event_id, "
                "e.event_type, e.company FROM events e "
                "WHERE list_contains(?::VARCHAR[], e.article_id)",
                [ids],
            )
            try:
                events = int(cur.execute("SELECT count(*) FROM removed_events").fetchone()[0])
                blocks = [
                    key
                    for key in {
                        grouping.block_key(t, c)
                        for t, c in cur.execute(
                            "SELECT event_type, company FROM removed_events"
                        ).fetchall()
                    }
                    if key
                ]
                cur.execute(
                    "DELETE FROM event_groups WHERE event_id IN "
                    "(SELECT event_id FROM removed_events)"
                )
                cur.execute(
                    "DELETE FROM events WHERE event_id IN (SELECT event_id FROM removed_events)"
                )
            finally:
                cur.execute("DROP TABLE removed_events")
            articles = int(
                cur.execute(
                    "SELECT count(*) FROM articles WHERE list_contains(?::VARCHAR[], article_id)",
                    [ids],
                ).fetchone()[0]
            )
            cur.execute("DELETE FROM articles WHERE list_contains(?::VARCHAR[], article_id)", [ids])
            if blocks:  # the reports left in those groups are linked again without the removed
                grouping._recompute_blocks(cur, sorted(blocks))
            cur.execute(
                "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                "WHERE key = 'version'"
            )
            cur.execute(
                "UPDATE uploads SET state = 'removed', updated_at = ? WHERE upload_id = ?",
                [_now(), upload_id],
            )
        return RemoveResult(articles=articles, events=events)

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
                _bump(cur)
            cur.execute(
                "INSERT INTO meta VALUES ('rates_file', ?) "
                "ON CONFLICT DO UPDATE SET value = excluded.value",
                [stamp],
            )

    def _fill_rates(self, cur: duckdb.DuckDBPyConnection, article_ids: list[str] | None) -> int:
        """USD values from the rates file for rows without a rate (of ``article_ids``, or all)."""
        if not self._rates:
            return 0
        only = "AND list_contains(?::VARCHAR[], article_id)" if article_ids is not None else ""
        params: list[Any] = [list(self._rates)]
        if article_ids is not None:
            params.append(article_ids)
        rows = cur.execute(
            "SELECT rowid, amount, currency, coalesce(event_date, article_date) FROM events "
            "WHERE amount_usd IS NULL AND amount IS NOT NULL "
            f"AND list_contains(?::VARCHAR[], currency) {only}",
            params,
        ).fetchall()
        updates = []
        for rowid, amount, currency, on in rows:
            day = _as_date(on)
            found = convert(amount, currency, day, rates=self._rates)
            if found.usd is not None:
                fx_day = found.rate_date.isoformat() if found.rate_date else None
                updates.append((found.usd, found.rate, fx_day, found.source, rowid))
        if updates:
            cur.executemany(
                "UPDATE events SET amount_usd = ?, fx_rate = ?, fx_date = ?, fx_source = ? "
                "WHERE rowid = ?",
                updates,
            )
        return len(updates)

    # --- review -------------------------------------------------------------------------------

    def _review(self, event_id: str, action: str, reviewer: str | None, **fields: Any) -> Any:
        with self._write() as cur:
            before = cur.execute(
                "SELECT event_type, company FROM events WHERE event_id = ?", [event_id]
            ).fetchone()
            if action == "undo":
                result = review.undo(cur, event_id, reviewer, self._rates)
            else:
                result = review.apply_action(cur, event_id, action, reviewer, fields, self._rates)
            after = cur.execute(
                "SELECT event_type, company FROM events WHERE event_id = ?", [event_id]
            ).fetchone()
            regroup = {f for f, _b, _a in result.changes} & {
                "event_type",
                "company",
                "amount",
                "currency",
                "event_date",
            }
            if before is not None and after is not None and regroup:
                keys = [k for k in {grouping.block_key(*before), grouping.block_key(*after)} if k]
                if keys:
                    grouping.update_groups(cur)
                    grouping._recompute_blocks(cur, sorted(keys))
            _bump(cur)
        return result

    def correct(self, event_id: str, *, reviewer: str | None = None, **fields: Any) -> Any:
        """Correct fields of one event (``analytics.review.EDITABLE``); logged, kept across
        re-ingests of its article, the extracted row kept in ``extracted_events``."""
        return self._review(event_id, "correct", reviewer, **fields)

    def accept(self, event_id: str, *, reviewer: str | None = None) -> Any:
        """Mark one event as right as it stands (reviewed)."""
        return self._review(event_id, "accept", reviewer)

    def reject(self, event_id: str, *, reviewer: str | None = None) -> Any:
        """Mark one event as wrong: kept and shown as rejected, left out of every total."""
        return self._review(event_id, "reject", reviewer)

    def undo(self, event_id: str, *, reviewer: str | None = None) -> Any:
        """Take back the last accept, correction or rejection of one event."""
        return self._review(event_id, "undo", reviewer)

    def audit_log(self) -> pd.DataFrame:
        """Every review action, one line per field changed: when (UTC), who, event, action,
        field, value before and after (JSON text), whether it was undone."""
        with self._read() as cur:
            return review.audit_frame(cur)

    def extracted(self, event_id: str) -> pd.DataFrame:
        """The row of ``event_id`` as the extractor wrote it (empty when never reviewed)."""
        return conform(self._frame("SELECT * FROM extracted_events WHERE event_id = ?", [event_id]))

    def reviewed_events(self) -> pd.DataFrame:
        """Every reviewed event (accepted, corrected or rejected), with its current values."""
        return conform(self._frame("SELECT * FROM events WHERE review IS NOT NULL ORDER BY rowid"))

    def review_queue(
        self, state: FilterState | None = None, *, limit: int = 20, offset: int = 0
    ) -> pd.DataFrame:
        """Unreviewed events ``state`` keeps, those whose mistake would cost most first: (1 -
        confidence) times the USD amount, then the least confident."""
        state = state or FilterState()
        page = f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}"
        table = self._filtered(state).table
        if table is not None:  # the state's events are in memory: the page is cut from them
            with self._read() as cur:
                cur.register(_FILTERED_NAME, table)
                order = REVIEW_ORDER.replace("rowid", "rid")
                ids = [
                    int(r[0])
                    for r in cur.execute(
                        f"SELECT rid FROM {_FILTERED_NAME} WHERE review IS NULL "
                        f"ORDER BY {order} {page}"
                    ).fetchall()
                ]
                found = cur.execute(
                    "SELECT * FROM events WHERE rowid IN (SELECT unnest(?::BIGINT[])) "
                    f"ORDER BY {REVIEW_ORDER}",
                    [ids],
                ).df()
            return conform(found)
        clause, params = where(state)
        sql = (
            f"SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events "
            f"WHERE review IS NULL AND {clause} ORDER BY {REVIEW_ORDER} {page}) "
            f"ORDER BY {REVIEW_ORDER}"
        )
        return conform(self._frame(sql, params))

    def count_unreviewed(self, state: FilterState | None = None) -> int:
        """How many events ``state`` keeps are not reviewed yet."""
        state = state or FilterState()
        table = self._filtered(state).table
        if table is not None:
            with self._read() as cur:
                cur.register(_FILTERED_NAME, table)
                sql = f"SELECT count(*) FROM {_FILTERED_NAME} WHERE review IS NULL"
                return int(cur.execute(sql).fetchone()[0])
        clause, params = where(state)
        sql = f"SELECT count(*) FROM events WHERE review IS NULL AND {clause}"
        return int(self._scalar(sql, params))

    def count_reviewed(self) -> dict[str, int]:
        """Reviewed events per review state."""
        rows = self._frame(
            "SELECT review, count(*) AS n FROM events WHERE review IS NOT NULL GROUP BY ALL"
        )
        return {str(r): int(n) for r, n in zip(rows["review"], rows["n"], strict=True)}

    # --- reading ----------------------------------------------------------------------------

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._read() as cur:
            row = cur.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._read() as cur:
            return cur.execute(sql, list(params)).df()

    def meta(self, key: str) -> str | None:
        """A value of the meta table."""
        return self._scalar("SELECT value FROM meta WHERE key = ?", [key])

    def version(self) -> int:
        """A number that changes with every write (for cache keys)."""
        return int(self.meta("version") or 0)

    def count_articles(self) -> int:
        """How many articles are stored."""
        return int(self._scalar("SELECT count(*) FROM articles"))

    def count_events(self, state: FilterState | None = None) -> int:
        """How many events are stored, or how many ``state`` keeps."""
        if state is None:
            return int(self._scalar("SELECT count(*) FROM events"))
        if types_only(state):
            per_type = self._per_version(
                ("count_by_type",),
                lambda: self._frame("SELECT event_type, count(*) AS n FROM events GROUP BY ALL"),
            )
            if state.types:
                per_type = per_type[per_type["event_type"].isin(state.types)]
            return int(per_type["n"].sum())
        return self._filtered(state).rows

    def count_by_type(self) -> dict[str, int]:
        """Stored events per event type."""
        rows = self._frame("SELECT event_type, count(*) AS n FROM events GROUP BY ALL")
        return {str(t): int(n) for t, n in zip(rows["event_type"], rows["n"], strict=True)}

    def count_money_events(self) -> int:
        """Stored events of the primary types (funding, fines, acquisitions)."""
        return int(
            self._scalar(
                "SELECT count(*) FROM events WHERE list_contains(?::VARCHAR[], event_type)",
                [list(PRIMARY_TYPES)],
            )
        )

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        with self._read() as cur:
            rows = cur.execute(
                "SELECT article_id FROM articles WHERE list_contains(?::VARCHAR[], article_id)",
                [wanted],
            ).fetchall()
        return {r[0] for r in rows}

    def article(self, article_id: str) -> Article | None:
        """The stored article with this content id, or None."""
        with self._read() as cur:
            row = cur.execute(
                "SELECT title, body, source, published, url FROM articles WHERE article_id = ?",
                [article_id],
            ).fetchone()
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

    def query(
        self,
        state: FilterState | None = None,
        *,
        limit: int | None = 100,
        offset: int = 0,
        order: str = DEFAULT_ORDER,
    ) -> pd.DataFrame:
        """One page of the events ``state`` keeps, in ``order`` (``limit=None``: all of them)."""
        state = state or FilterState()
        wanted = limit is not None and not types_only(state)
        table = self._filtered(state).table if wanted else None
        if table is None or limit is None:
            sql, params = select_sql(state, order=order, limit=limit, offset=offset)
            return conform(self._frame(sql, params))
        # the page is cut from the filtered set; only its rows are read whole from the table
        page_sql = page_ids_sql(state, _FILTERED_NAME, order=order, limit=limit, offset=offset)
        with self._read() as cur:
            cur.register(_FILTERED_NAME, table)
            ids = [int(r[0]) for r in cur.execute(page_sql).fetchall()]
            if not ids:
                return conform(cur.execute("SELECT * FROM events WHERE false").df())
            return conform(cur.execute(rows_by_id_sql(state, order=order), [ids]).df())

    def events(
        self, state: FilterState | None = None, *, order: str = DEFAULT_ORDER
    ) -> pd.DataFrame:
        """Every event ``state`` keeps (for export), in ``order``."""
        return self.query(state, limit=None, order=order)

    def aggregate(
        self, name: str, state: FilterState | None = None, *, limit: int = 15
    ) -> pd.DataFrame:
        """Aggregate ``name`` of ``analytics.queries.AGGREGATES`` over the filtered events."""
        state = state or FilterState()
        if types_only(state):
            return self._aggregate_by_type(name, state, limit)
        return self._aggregate_filtered(name, state, limit)

    def _aggregate_filtered(self, name: str, state: FilterState, limit: int) -> pd.DataFrame:
        """Aggregate ``name`` over the filtered set of ``state``, or the table when too broad."""
        table = self._filtered(state).table
        if table is None:
            sql, params = aggregate_sql(name, state, limit=limit, relation=grouping.COUNTED_EVENTS)
            return self._frame(sql, params)
        relation = f"(SELECT * FROM {_FILTERED_NAME} WHERE counted)"
        sql, params = aggregate_sql(name, state, limit=limit, relation=relation, filtered=True)
        with self._read() as cur:
            cur.register(_FILTERED_NAME, table)
            return cur.execute(sql, params).df()

    def _aggregate_by_type(self, name: str, state: FilterState, limit: int) -> pd.DataFrame:
        """Aggregate ``name`` for a state that filters on event types only: the rows of the
        selected types out of the aggregate over every type (computed once per store version).
        Every aggregate groups by event type, so this is the same answer; ``top_companies``
        ranks the companies again from their sums per type."""
        everything = FilterState(types=(), date_on=state.date_on)
        if name == "top_companies":
            key: tuple[Any, ...] = ("company_type", state.date_on)
            per = self._per_version(key, lambda: self._company_type(everything))
        else:
            key = (name, state.date_on, int(limit))
            per = self._per_version(key, lambda: self._aggregate_filtered(name, everything, limit))
        if state.types:
            per = per[per["event_type"].isin(state.types)]
        if name != "top_companies":
            return per.reset_index(drop=True)
        sql = TOP_FROM_COMPANY_TYPE_SQL.format(per="company_type", limit=int(limit))
        with self._read() as cur:
            cur.register("company_type", per)
            return cur.execute(sql).df()

    def _company_type(self, everything: FilterState) -> pd.DataFrame:
        sql, params = filtered_sql(everything, grouping.COUNTED_EVENTS)
        return self._frame(COMPANY_TYPE_SQL.format(relation=sql), params)

    def _per_version(
        self, key: tuple[Any, ...], compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        """A frame computed once per store version (forgotten on every write)."""
        version = self.version()
        with self._lock:
            found = self._by_type.get((version, *key))
            generation = self._filtered_generation
        if found is None:
            found = compute()
            with self._lock:
                if generation == self._filtered_generation:
                    if any(k[0] != version for k in self._by_type):
                        self._by_type.clear()
                    self._by_type[(version, *key)] = found
        return found

    def _filtered(self, state: FilterState) -> FilteredSet:
        """The events ``state`` keeps (``_FILTERED_COLUMNS`` only, as Arrow), read once per store
        version and filter and kept in a bounded in-memory cache; past ``FILTERED_MAX_ROWS`` only
        their count (then every call queries the table). Threads asking for the same state wait
        for one read."""
        clause, params = where(state)
        key = (self.version(), clause, *params)
        with self._lock:
            found = self._filtered_sets.get(key)
            if found is not None:
                self._filtered_sets.move_to_end(key)
                return found
            reading = self._filtered_reads.setdefault(key, threading.Lock())
            generation = self._filtered_generation
        with reading:
            with self._lock:
                found = self._filtered_sets.get(key)
            if found is None:
                found = self._narrowed(state, key[0]) or self._read_filtered(clause, params)
                found = replace(found, state=state)
            with self._lock:
                self._filtered_reads.pop(key, None)
                if generation == self._filtered_generation:
                    self._keep_filtered(key, found)
        return found

    def _narrowed(self, state: FilterState, version: int) -> FilteredSet | None:
        """The events of ``state`` cut from the smallest cached set of a broader state (the
        same store version) that narrows to it on columns the set holds, or None."""
        with self._lock:
            cached = [
                f
                for key, f in self._filtered_sets.items()
                if key[0] == version and f.table is not None and f.state is not None
            ]
        best: tuple[FilteredSet, list[Filter]] | None = None
        for broader in cached:
            narrowing = narrowing_filters(state, broader.state)  # type: ignore[arg-type]
            if narrowing is None or any(
                c not in _FILTERED_NAMES for f in narrowing for c in f.columns
            ):
                continue
            if best is None or broader.rows < best[0].rows:
                best = (broader, narrowing)
        if best is None:
            return None
        broader, narrowing = best
        parts, params = ["TRUE"], []
        for f in narrowing:
            clause = f.predicate(getattr(state, f.name), state)  # type: ignore[misc]
            if clause is not None:
                parts.append(clause[0])
                params.extend(clause[1])
        with self._read() as cur:
            cur.execute("SET SESSION produce_arrow_string_view = true")
            cur.register("broader_set", broader.table)
            sql = f"SELECT * FROM broader_set WHERE {' AND '.join(parts)}"
            table = cur.sql(sql, params=params).to_arrow_table()
        return FilteredSet(table.num_rows, table)

    def _read_filtered(self, clause: str, params: list[Any]) -> FilteredSet:
        with self._read() as cur:
            total = int(cur.execute("SELECT count(*) FROM events").fetchall()[0][0])
            if total > FILTERED_MAX_ROWS:
                kept = cur.execute(f"SELECT count(*) FROM events WHERE {clause}", params)
                rows = int(kept.fetchall()[0][0])
                if rows > FILTERED_MAX_ROWS:
                    return FilteredSet(rows)
            # string views: no copy of the text into one buffer (DuckDB reads them back as is)
            cur.execute("SET SESSION produce_arrow_string_view = true")
            sql = f"SELECT {_FILTERED_COLUMNS} FROM events WHERE {clause}"
            table = cur.sql(sql, params=params).to_arrow_table()
        return FilteredSet(table.num_rows, table)

    def _keep_filtered(self, key: tuple[Any, ...], found: FilteredSet) -> None:
        """Cache ``found`` (the caller holds ``_lock``), dropping the least recently used sets
        past ``FILTERED_CACHE_ENTRIES`` or ``FILTERED_CACHE_BYTES`` (the newest always stays)."""
        self._filtered_sets[key] = found
        self._filtered_sets.move_to_end(key)
        size = sum(f.nbytes for f in self._filtered_sets.values())
        while len(self._filtered_sets) > 1 and (
            len(self._filtered_sets) > FILTERED_CACHE_ENTRIES or size > FILTERED_CACHE_BYTES
        ):
            _, dropped = self._filtered_sets.popitem(last=False)
            size -= dropped.nbytes

    def _forget_filtered(self) -> None:
        """Drop every cached filtered set (after a write: flags or rows may have changed); a
        read under way when the write ended is not cached."""
        with self._lock:
            self._filtered_sets.clear()
            self._by_type.clear()
            self._filtered_generation += 1

    def headline(self, state: FilterState | None = None) -> dict[str, TypeTotals]:
        """Headline figures per event type over the filtered events (missing types: zeros)."""
        frame = self.aggregate("headline", state)
        return totals_by_type(frame)

    def distinct_values(self, column: str, limit: int | None = MAX_OPTIONS) -> list[str]:
        """The distinct non-missing values of a text column, sorted (for filter options).

        Past ``limit`` values (a source filter over millions of events has tens of thousands),
        the ``limit`` most frequent are given: a browser cannot offer the rest usefully, and
        sending them costs seconds on every rerun.
        """
        if column not in DISTINCT_COLUMNS:
            raise ValueError(f"not a text column of the events table: {column!r}")
        top = f"LIMIT {int(limit)}" if limit else ""
        rows = self._frame(
            f'SELECT v FROM (SELECT "{column}" AS v, count(*) AS n FROM events '
            f'WHERE "{column}" IS NOT NULL GROUP BY 1 ORDER BY n DESC, v {top}) '
            "ORDER BY lower(v), v"
        )
        return [str(v) for v in rows["v"]]

    def value_counts(self, column: str, limit: int | None = MAX_OPTIONS) -> dict[str, int]:
        """Events per value of a text column (the ``limit`` most frequent), for filter options."""
        if column not in DISTINCT_COLUMNS:
            raise ValueError(f"not a text column of the events table: {column!r}")
        top = f"LIMIT {int(limit)}" if limit else ""
        rows = self._frame(
            f'SELECT "{column}" AS v, count(*) AS n FROM events WHERE "{column}" IS NOT NULL '
            f"GROUP BY 1 ORDER BY n DESC, v {top}"
        )
        return {str(v): int(n) for v, n in zip(rows["v"], rows["n"], strict=True)}

    def date_span(self) -> tuple[str | None, str | None]:
        """First and last publication date of the stored articles (ISO), or (None, None)."""
        with self._read() as cur:
            low, high = cur.execute(
                "SELECT min(published), max(published) FROM articles"
            ).fetchone()
        return (low.isoformat() if low else None, high.isoformat() if high else None)


def narrowing_filters(state: FilterState, broader: FilterState) -> list[Filter] | None:
    """The filters that cut the events of ``broader`` down to those of ``state``, or None when
    ``state`` may keep an event ``broader`` does not (only the filters whose SQL differs are
    listed; on each, ``state`` must ask for a subset of what ``broader`` allows)."""
    out: list[Filter] = []
    for f in FILTERS:
        if f.predicate is None:
            continue
        mine, theirs = getattr(state, f.name), getattr(broader, f.name)
        clause, wider = f.predicate(mine, state), f.predicate(theirs, broader)
        if clause == wider:
            continue
        if wider is None and clause is not None:
            out.append(f)
        elif clause is None:
            return None
        elif f.kind == "multiselect" and set(mine) <= set(theirs):
            out.append(f)
        elif f.kind in ("range", "date_range") and _within(mine, theirs):
            if f.kind == "date_range" and state.date_on != broader.date_on:
                return None
            out.append(f)
        else:
            return None
    return out


def _within(bounds: tuple[Any, Any], wider: tuple[Any, Any]) -> bool:
    """True when the inclusive range ``bounds`` lies inside ``wider`` (None: open)."""
    (low, high), (wide_low, wide_high) = bounds, wider
    low_ok = wide_low is None or (low is not None and low >= wide_low)
    high_ok = wide_high is None or (high is not None and high <= wide_high)
    return low_ok and high_ok


def types_only(state: FilterState) -> bool:
    """True when ``state`` narrows the events by event type alone (any date choice)."""
    return where(replace(state, types=()))[0] == "TRUE"


def totals_by_type(frame: pd.DataFrame) -> dict[str, TypeTotals]:
    """The ``headline`` aggregate as ``{event_type: TypeTotals}``."""
    out: dict[str, TypeTotals] = {}
    for row in frame.itertuples(index=False):
        out[str(row.event_type)] = TypeTotals(
            events=int(row.events),
            undisclosed=int(row.undisclosed),
            priced=int(row.priced),
            no_rate=int(row.no_rate),
            amount_usd=float(row.amount_usd),
        )
    return out


#: The review queue's order: what a wrong row would cost (low confidence times large USD) first.
REVIEW_ORDER = (
    "(1 - coalesce(confidence, 0)) * coalesce(amount_usd, 0) DESC, confidence ASC NULLS FIRST, "
    "rowid"
)


def _bump(cur: duckdb.DuckDBPyConnection) -> None:
    """A write changed what the page shows: a new store version for the caches keyed on it."""
    cur.execute(
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'version'"
    )


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path))
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise StoreInUseError(
                f"the store {path} is in use by another process; close it or choose another "
                f"data directory (--data-dir or {ENV_DATA_DIR})",
                code="store_in_use",
            ) from err
        if is_damage(err) and "permission" not in str(err).lower():
            raise damaged_store_error(path, err) from err
        raise InputError(f"the store {path} cannot be opened: {err}", code="store") from err
    except duckdb.Error as err:
        if is_damage(err):
            raise damaged_store_error(path, err) from err
        raise InputError(f"the store {path} cannot be opened: {err}", code="store") from err


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
        and not any(word in p.name.lower() for word in _NOT_ARTICLES)
    )


_JOURNAL_COLUMNS = (
    "upload_id, name, original_name, size, sha256, state, session_id, reason, articles_read, "
    "new_articles, already_stored, events, events_by_type, notes, article_ids, received_at, "
    "updated_at"
)


def _journal_entry(row: Sequence[Any]) -> JournalEntry:
    (upload_id, name, original, size, sha, state, session, reason, read, new, already, events,
     by_type, notes, ids, received, updated) = row  # fmt: skip
    return JournalEntry(
        upload_id=upload_id,
        name=name or "",
        original_name=original or "",
        size=int(size or 0),
        sha256=sha or "",
        state=state,
        session_id=session,
        reason=reason,
        articles_read=int(read or 0),
        new_articles=int(new or 0),
        already_stored=int(already or 0),
        events=int(events or 0),
        events_by_type={str(k): int(v) for k, v in json.loads(by_type or "{}").items()},
        notes=tuple(json.loads(notes or "[]")),
        article_ids=tuple(ids or ()),
        received_at=received,
        updated_at=updated,
    )


#: Store files opened by this process (resolved paths).
_OPENED: set[str] = set()
_OPENED_LOCK = threading.Lock()


def _first_open(path: Path) -> bool:
    """True the first time this process opens ``path``."""
    key = str(path.resolve())
    with _OPENED_LOCK:
        first = key not in _OPENED
        _OPENED.add(key)
    return first


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def damaged_store_error(path: Path, err: BaseException) -> StoreDamagedError:
    """The message for a store file that cannot be read: which file, and what to do."""
    detail = " ".join(str(err).split())
    detail = detail if len(detail) <= 160 else detail[:159] + "…"
    return StoreDamagedError(
        f"the store {path} is damaged and cannot be read ({detail}). Nothing was written to it. "
        f"Restore a copy of the file, or choose another data directory (--data-dir or "
        f"{ENV_DATA_DIR}); `python -m analytics check --data-dir {path.parent}` says whether a "
        "store is sound.",
        code="store_damaged",
    )


#: Bytes before a DuckDB file's first block: its main header and two database headers.
_FILE_HEADERS_BYTES = 3 * 4096


def _check_length(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file shorter than the blocks its header lists in use (cut off by a full disk, a copy
    stopped halfway, a bad restore): DuckDB opens such a file and fails later, on a read or the
    first write."""
    row = con.execute("PRAGMA database_size").fetchone()
    if row is None:
        return
    # Used blocks, not total: free blocks at the end may have been cut off by DuckDB itself;
    # each used block has its own slot, so a file shorter than these cannot hold them all.
    block_size, used_blocks = int(row[2]), int(row[4])
    expected = _FILE_HEADERS_BYTES + block_size * used_blocks
    actual = path.stat().st_size
    if actual < expected:
        raise damaged_store_error(
            path,
            RuntimeError(
                f"the file is cut off: {actual:,} bytes of the {expected:,} its header lists"
            ),
        )


def is_damage(err: BaseException) -> bool:
    """True when a DuckDB error means the file itself cannot be read (not a bad query)."""
    if isinstance(err, duckdb.IOException | duckdb.SerializationException):
        return True
    text = str(err).lower()
    return isinstance(err, duckdb.Error) and any(
        word in text for word in ("corrupt", "checksum", "could not read", "not a valid duckdb")
    )


@dataclass(frozen=True)
class CheckReport:
    """What ``check_store`` found."""

    path: Path
    sound: bool
    message: str
    counts: dict[str, int] = field(default_factory=dict)


def check_store(data_dir: str | os.PathLike[str]) -> CheckReport:
    """Whether the store in ``data_dir`` is sound: opened read-only (nothing is written) and every
    column of every table read through."""
    path = Path(data_dir) / DB_FILENAME
    if not path.is_file():
        return CheckReport(path, False, f"no store at {path}: nothing to check")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        if "lock" in str(err).lower():
            return CheckReport(
                path,
                False,
                f"the store {path} is in use by another process; stop it and check again",
            )
        return CheckReport(path, False, str(damaged_store_error(path, err)))
    counts: dict[str, int] = {}
    try:
        _check_length(con, path)
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "ORDER BY table_name"
            ).fetchall()
        ]
        for table in tables:
            # every value hashed: each column's every block is read and checksummed
            row = con.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"').fetchone()
            counts[table] = int(row[0])
    except StoreDamagedError as err:
        return CheckReport(path, False, str(err), counts)
    except duckdb.Error as err:
        return CheckReport(path, False, str(damaged_store_error(path, err)), counts)
    finally:
        con.close()
    missing = [t for t in ("articles", "events", "meta") if t not in counts]
    if missing:
        return CheckReport(
            path,
            False,
            f"the store {path} is not a Dealscope store: no {', '.join(missing)} table",
            counts,
        )
    kinds = ("articles", "events", "uploads")
    shown = ", ".join(f"{counts[t]:,} {t}" for t in kinds if t in counts)
    return CheckReport(path, True, f"the store {path} is sound: {shown}", counts)
