"""The store's file: where it lives, opening it, and telling a damaged or busy file apart.

``<data_dir>/dealscope.duckdb`` is one DuckDB file; this module finds the data directory
(argument, ``$DEALSCOPE_DATA_DIR``, ``./var``), opens the file with a message for each way it
can fail (in use by another process, damaged, cut off), and checks a store read-only
(``python -m analytics check``). It knows nothing of the tables' meaning.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from analytics import messages
from analytics.catalogue import sql, table
from analytics.errors import InputError

DB_FILENAME = "dealscope.duckdb"
ENV_DATA_DIR = "DEALSCOPE_DATA_DIR"
DEFAULT_DATA_DIR = Path("var")
ENV_SAMPLE_DIR = "DEALSCOPE_SAMPLE_DIR"
#: The bundled sample articles a new store is filled from.
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data"
#: Bytes before a DuckDB file's first block: its main header and two database headers.
_FILE_HEADERS_BYTES = 3 * 4096
#: The tables every Dealscope store has.
_REQUIRED_TABLES = ("articles", "events", "meta")
#: The tables whose row counts a sound check reports.
_REPORTED_TABLES = ("articles", "events", "uploads")


class StoreInUseError(InputError):
    """Another process holds the store file (DuckDB allows one writing process)."""


class StoreDamagedError(InputError):
    """The store file cannot be read (truncated, overwritten, not a DuckDB file)."""


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


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the store file, or raise an ``InputError`` that says why it cannot be opened."""
    try:
        return duckdb.connect(str(path))
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise StoreInUseError(
                messages.say("store.in_use", path=path, env=ENV_DATA_DIR), code="store_in_use"
            ) from err
        if is_damage(err) and "permission" not in str(err).lower():
            raise damaged_store_error(path, err) from err
        raise InputError(
            messages.say("store.cannot_open", path=path, error=err), code="store"
        ) from err
    except duckdb.Error as err:
        if is_damage(err):
            raise damaged_store_error(path, err) from err
        raise InputError(
            messages.say("store.cannot_open", path=path, error=err), code="store"
        ) from err


#: Store files opened by this process (resolved paths).
_OPENED: set[str] = set()
_OPENED_LOCK = threading.Lock()


def first_open(path: Path) -> bool:
    """True the first time this process opens ``path``."""
    key = str(path.resolve())
    with _OPENED_LOCK:
        first = key not in _OPENED
        _OPENED.add(key)
    return first


def now() -> datetime:
    """The time in UTC, without a zone (as the store's TIMESTAMP columns keep it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def damaged_store_error(path: Path, err: BaseException) -> StoreDamagedError:
    """The message for a store file that cannot be read: which file, and what to do."""
    detail = " ".join(str(err).split())
    detail = detail if len(detail) <= 160 else detail[:159] + "…"
    text = messages.say(
        "store.damaged", path=path, detail=detail, env=ENV_DATA_DIR, folder=path.parent
    )
    return StoreDamagedError(text, code="store_damaged")


def check_length(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file shorter than the blocks its header lists in use (cut off by a full disk, a copy
    stopped halfway, a bad restore): DuckDB opens such a file and fails later, on a read or the
    first write."""
    row = con.execute(sql("database_size")).fetchone()
    if row is None:
        return
    # Used blocks, not total: free blocks at the end may have been cut off by DuckDB itself;
    # each used block has its own slot, so a file shorter than these cannot hold them all.
    block_size, used_blocks = int(row[2]), int(row[4])
    expected = _FILE_HEADERS_BYTES + block_size * used_blocks
    actual = path.stat().st_size
    if actual < expected:
        cut = messages.say("store.cut_off", actual=actual, expected=expected)
        raise damaged_store_error(path, RuntimeError(cut))


def is_damage(err: BaseException) -> bool:
    """True when a DuckDB error means the file itself cannot be read (not a bad query)."""
    if isinstance(err, duckdb.IOException | duckdb.SerializationException):
        return True
    text = str(err).lower()
    words = table("store", "damage_words")
    return isinstance(err, duckdb.Error) and any(word in text for word in words)


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
        return CheckReport(path, False, messages.say("check.no_store", path=path))
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        if "lock" in str(err).lower():
            return CheckReport(path, False, messages.say("check.in_use", path=path))
        return CheckReport(path, False, str(damaged_store_error(path, err)))
    counts: dict[str, int] = {}
    try:
        check_length(con, path)
        tables = [r[0] for r in con.execute(sql("store_tables")).fetchall()]
        for name in tables:
            # every value hashed: each column's every block is read and checksummed
            row = con.execute(sql("read_through").format(table=name)).fetchone()
            counts[name] = int(row[0])
    except StoreDamagedError as err:
        return CheckReport(path, False, str(err), counts)
    except duckdb.Error as err:
        return CheckReport(path, False, str(damaged_store_error(path, err)), counts)
    finally:
        con.close()
    missing = [t for t in _REQUIRED_TABLES if t not in counts]
    if missing:
        text = messages.say("check.not_dealscope", path=path, missing=", ".join(missing))
        return CheckReport(path, False, text, counts)
    shown = ", ".join(f"{counts[t]:,} {t}" for t in _REPORTED_TABLES if t in counts)
    return CheckReport(path, True, messages.say("check.sound", path=path, counts=shown), counts)
