"""How sure a row is: the extractor's raw score, calibrated on the gold sets.

The extractor gives each row a raw score from the evidence of its decision (how strong the cue
for its type was, and whether it found a company). The ``confidence`` column is that score
calibrated: the share of rows of the same kind (type, raw score band, company named or not,
counterparty named or not) that were right on the scored gold sets, smoothed towards the broader
kind where rows are few. The table is data (``_confidence.tsv``), written by
``python -m analytics calibrate`` from the sets of ``tests/fixtures/SETS.tsv``; a row is right
when it matches a gold row of its type (funding, fines and acquisitions: with the gold company).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from analytics import knowledge

TABLE = Path(__file__).with_name("_confidence.tsv")
#: Raw score bands: a row's band is the first upper bound its raw score is under or at.
BANDS = (0.3, 0.5, 0.7, 0.9, 1.0)
#: How many rows of the broader kind a cell's own rows are weighed against.
PRIOR_WEIGHT = 6.0
#: Rows of the sets that retell real reports count this many times: they are what users upload.
REAL_NEWS_WEIGHT = 4.0
_PRIMARY = ("funding", "fine", "acquisition")

_raw: ContextVar[bool] = ContextVar("raw_confidence", default=False)


@contextmanager
def raw_scores() -> Iterator[None]:
    """Within this block the extractor leaves ``confidence`` as its raw score (to calibrate)."""
    token = _raw.set(True)
    try:
        yield
    finally:
        _raw.reset(token)


def band(raw: float) -> str:
    """The raw score band of a row.

    >>> band(0.2), band(0.95)
    ('0.3', '1.0')
    """
    return f"{next((b for b in BANDS if raw <= b), BANDS[-1]):.1f}"


def kinds(row: dict[str, Any], raw: float) -> tuple[str, str, str]:
    """The keys of a row's kind, narrowest first: type, band, company and counterparty (or, for
    a look-alike, whether its sentence talks of deals); type and band; type."""
    kind = row["event_type"]
    company = "company" if row.get("company") else "no-company"
    party = "party" if row.get("counterparty") else "no-party"
    if kind not in _PRIMARY:
        # A look-alike read in a sentence that talks of deals or fines was a closer call.
        party = "deal-talk" if _DEAL_TALK_RE.search(str(row.get("evidence") or "")) else "-"
    banded = f"{kind}|{band(raw)}"
    return (f"{banded}|{company}|{party}", banded, kind)


#: Deal talk, a row of analytics/knowledge/patterns/deals.yaml (with the other deal verbs).
_DEAL_TALK_RE = knowledge.regex("deals", "deal_talk")


@cache
def _table() -> dict[str, float]:
    if not TABLE.is_file():
        return {}
    with TABLE.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        return {r["kind"]: float(r["confidence"]) for r in csv.DictReader(lines, delimiter="\t")}


def calibrated(row: dict[str, Any]) -> float:
    """The confidence of an extracted row whose ``confidence`` holds the raw score."""
    raw = float(row.get("confidence") or 0.0)
    if _raw.get():
        return raw
    table = _table()
    for key in kinds(row, raw):
        if key in table:
            return table[key]
    return round(raw * 0.5, 3)  # a kind never seen on the gold sets: not sure at all


def fit(
    samples: Iterable[tuple[dict[str, Any], bool]], weights: Iterable[float] | None = None
) -> list[dict[str, Any]]:
    """Table rows from (raw row, right) samples: each kind's smoothed share of right rows.

    >>> rows = fit([({"event_type": "fine", "company": "A", "counterparty": "B",
    ...               "confidence": 0.95}, True)] * 9)
    >>> [(r["kind"], r["rows"], r["confidence"]) for r in rows]
    [('fine', 9.0, 0.8), ('fine|1.0', 9.0, 0.92), ('fine|1.0|company|party', 9.0, 0.968)]
    """
    counts: dict[str, list[float]] = {}
    samples = list(samples)
    for (row, right), weight in zip(samples, weights or [1.0] * len(samples), strict=True):
        for key in kinds(row, float(row.get("confidence") or 0.0)):
            cell = counts.setdefault(key, [0.0, 0.0])
            cell[0] += weight
            cell[1] += weight * right
    # A type's share is smoothed towards one half; a narrower kind towards its parent.
    smoothed: dict[str, float] = {}
    for key in sorted(counts, key=lambda k: k.count("|")):
        n, right = counts[key]
        parent = "|".join(key.split("|")[:2]) if key.count("|") > 1 else key.split("|")[0]
        parent = None if parent == key else parent
        prior = smoothed.get(parent, 0.5) if parent else 0.5
        smoothed[key] = (right + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
    return [
        {
            "kind": key,
            "rows": round(counts[key][0], 1),
            "right": round(counts[key][1], 1),
            "confidence": round(smoothed[key], 3),
        }
        for key in sorted(counts)
    ]


def write_table(rows: list[dict[str, Any]], path: Path = TABLE, *, about: str = "") -> None:
    """Write the calibration table (and forget the one read before)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# Confidence by kind of row, from `python -m analytics calibrate`. {about}\n")
        writer = csv.DictWriter(
            f, ["kind", "rows", "right", "confidence"], delimiter="\t", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    _table.cache_clear()
