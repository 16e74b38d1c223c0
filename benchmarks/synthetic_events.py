"""Millions of synthetic events, fast: for benchmarks of the store and the dashboard.

``event_chunks(n, seed)`` yields pyarrow tables with exactly the schema's columns
(analytics/schema.py) and plausible values (types, currencies, sectors, dates 2019-2026, amounts,
companies from a pool); ``fill_duckdb(path, n)`` appends them to a DuckDB table with direct
inserts (2,000,000 rows in about 12 s), creating the table when it is missing.

    python benchmarks/synthetic_events.py STORE.duckdb --events 2000000 [--table events]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.schema import COLUMNS, EVENT_TYPES, FINE_STATUSES
from benchmarks.corpus import _CITIES, _SECTORS, _Story

CHUNK = 250_000
_ARROW = {"str": pa.string(), "float64": pa.float64(), "int64": pa.int64(), "bool": pa.bool_()}
SCHEMA = pa.schema([(c.name, _ARROW[c.dtype]) for c in COLUMNS])
_CURRENCIES = np.array(
    ["USD", "EUR", "GBP", "INR", "JPY", "CAD", "AUD", "SGD", "CHF", "BRL", "AED"]
)
_CURRENCY_P = np.array([45, 15, 10, 7, 4, 4, 4, 3, 3, 3, 2], dtype=float)
_TO_USD = np.array([1.0, 1.1, 1.27, 0.012, 0.0075, 0.74, 0.66, 0.74, 1.1, 0.19, 0.2723])
_TYPE_P = np.array([40, 10, 14, 8, 10, 10, 3, 5], dtype=float)
_ROUNDS = np.array(["pre-seed", "seed", "Series A", "Series B", "Series C", "Series D", "bridge"])
_DAY0 = np.datetime64("2019-01-01")
_DAYS = int((np.datetime64("2026-10-31") - _DAY0).astype(int))


def _pool(seed: int, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pools of company names, investor names and sentences to draw rows from."""
    rng = random.Random(seed)
    story = _Story(rng)
    companies = np.array([story.company_name() for _ in range(size)], dtype=object)
    firms = np.array([story.firm() for _ in range(max(size // 10, 10))], dtype=object)
    sentences = np.array([story.filler_sentence() for _ in range(2000)], dtype=object)
    return companies, firms, sentences


def event_chunks(n: int, seed: int = 0, chunk: int = CHUNK) -> Iterator[pa.Table]:
    """``n`` synthetic events as pyarrow tables of at most ``chunk`` rows (schema's columns)."""
    companies, firms, sentences = _pool(seed, 20_000)
    sectors = np.array([s for s, _ in _SECTORS] + ["other"], dtype=object)
    cities = np.array(_CITIES, dtype=object)
    types = np.array(EVENT_TYPES, dtype=object)
    statuses = np.array(FINE_STATUSES, dtype=object)
    rng = np.random.default_rng(seed)
    done = 0
    while done < n:
        m = min(chunk, n - done)
        ids = np.arange(done, done + m)
        article_no = ids // 3  # about three events per article
        etype = types[rng.choice(len(types), m, p=_TYPE_P / _TYPE_P.sum())]
        cur_i = rng.choice(len(_CURRENCIES), m, p=_CURRENCY_P / _CURRENCY_P.sum())
        amount = np.round(10 ** rng.uniform(4, 9.5, m), -3)
        undisclosed = (etype == "acquisition") & (rng.random(m) < 0.4)
        amount = np.where(undisclosed, np.nan, amount)
        days = rng.integers(0, _DAYS, m)
        dates = (_DAY0 + days).astype(str).astype(object)
        company = companies[rng.integers(0, len(companies), m)]
        counter = np.where(
            etype == "fine",
            cities[rng.integers(0, len(cities), m)] + " regulator",
            firms[rng.integers(0, len(firms), m)],
        )
        rnd = np.where(etype == "funding", _ROUNDS[rng.integers(0, len(_ROUNDS), m)], None)
        status = np.where(etype == "fine", statuses[rng.integers(0, len(statuses), m)], None)
        currency = _CURRENCIES[cur_i]
        text = np.char.add(currency.astype(str), " ")
        text = np.char.add(text, (np.nan_to_num(amount) / 1e6).round(1).astype(str))
        text = np.char.add(text, "m").astype(object)
        text = np.where(undisclosed, None, text)
        rate = _TO_USD[cur_i]
        evidence = sentences[rng.integers(0, len(sentences), m)]
        start = rng.integers(20, 3000, m)
        cols = {
            "event_id": [f"syn{seed:x}-{i:012x}" for i in ids],
            "article_id": [f"sa{seed:x}-{a:012x}" for a in article_no],
            "source": [f"synthetic/news-{a // 8:06d}.txt" for a in article_no],
            "article_title": np.char.add(company.astype(str), " news").astype(object),
            "article_date": dates,
            "event_type": etype,
            "company": company,
            "counterparty": counter,
            "round": rnd,
            "status": status,
            "event_date": np.full(m, None, dtype=object),
            "amount": amount,
            "amount_max": np.full(m, np.nan),
            "currency": currency,
            "qualifier": np.full(m, None, dtype=object),
            "amount_text": text,
            "alt_amount": np.full(m, np.nan),
            "alt_currency": np.full(m, None, dtype=object),
            "undisclosed": undisclosed,
            "amount_usd": amount * rate,
            "fx_rate": rate,
            "fx_date": dates,
            "fx_source": np.where(currency == "USD", "identity", "synthetic rate"),
            "sector": sectors[rng.integers(0, len(sectors), m)],
            "evidence": evidence,
            "span_start": start,
            "span_end": start + 12,
            "confidence": np.round(rng.uniform(0.5, 1.0, m), 2),
            "review": np.full(m, None, dtype=object),  # nobody has reviewed them yet
        }
        arrays = [pa.array(cols[f.name], type=f.type, from_pandas=True) for f in SCHEMA]
        yield pa.Table.from_arrays(arrays, schema=SCHEMA)
        done += m


def fill_duckdb(path: str | Path, n: int, *, seed: int = 0, table: str = "events") -> float:
    """Append ``n`` synthetic events to ``table`` of the DuckDB file ``path``; return seconds.

    The table is created with the schema's columns when missing; when it exists it must have them
    (in any order: rows are inserted by column name).
    """
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(path))
    try:
        for chunk_table in event_chunks(n, seed):
            con.register("synthetic_chunk", chunk_table)
            exists = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
            ).fetchone()[0]
            if not exists:
                con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM synthetic_chunk')
            else:
                names = ", ".join(f'"{f.name}"' for f in SCHEMA)
                con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM synthetic_chunk')
            con.unregister("synthetic_chunk")
    finally:
        con.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Command line: fill a DuckDB file with synthetic events and print the time it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="DuckDB file (created when missing)")
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--table", default="events")
    args = parser.parse_args(argv)
    seconds = fill_duckdb(args.store, args.events, seed=args.seed, table=args.table)
    print(f"inserted {args.events} events in {seconds:.1f} s ({args.events / seconds:,.0f}/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
