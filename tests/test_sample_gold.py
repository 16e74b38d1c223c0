"""Checks the bundled sample (data/*.txt, data/*.md) against its gold file (data/gold.jsonl).

These tests read only the sample and its annotation, not the extractor: they make sure the gold
file is a faithful, complete description of the sample, so that scoring the extractor against it
means something. Stories are found with a deliberately simple rule (a headline is a line after a
blank line or the file start, followed by a blank line or a date line, that does not end like a
sentence and is not a bullet, caption or quote), which the sample is written to satisfy.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
GOLD = DATA / "gold.jsonl"
SEED_FILE = "seed_retold.txt"

# Mirrors analytics/schema.py (kept literal so this test does not depend on the package importing).
EVENT_TYPES = {
    "funding",
    "fine",
    "acquisition",
    "total_raised",
    "valuation",
    "revenue",
    "market_size",
    "other",
}
FINE_STATUSES = {"proposed", "imposed", "settled", "reduced", "appealed"}
ROUNDS = {"pre-seed", "seed", "angel", "bridge", "extension", "debt", "grant"} | {
    f"Series {c}" for c in "ABCDEFGH"
}

# Stories with no money amount at all (so they have no gold rows).
NO_MONEY = {
    "Panasonic says hackers got into its internal network",
    "Cyber Monday deal: 2-for-1 passes to TC Sessions: Space 2021",
    "Last chance to register for Sight Tech Global on Dec. 1-2",
    "Satellite operator Polaris Relay confirms 2026 launch window for 48-satellite constellation",
    "Open-source database Ferrolite ships version 3.0 with faster queries",
}

DATE_LINE = re.compile(
    r"^(?:Published: )?(?:(?P<iso>\d{4})-\d{2}-\d{2}"
    r"|[A-Z][a-z]+ \d{1,2}, (?P<us>\d{4})"
    r"|\d{1,2} [A-Z][a-z]+ (?P<eu>\d{4}))$"
)
NOT_HEADLINE_START = ("-", "*", "•", "Image Credits", '"', "“", "'", "‘", ">")
SENTENCE_END = tuple('.!?:;,"”’)')

# Money-looking tokens, used to check that every amount in a story body is annotated.
MONEY_TOKEN = re.compile(
    r"(?:US\$|C\$|A\$|S\$|HK\$|R\$|NZ\$|\$|£|€|¥|₹|₩)\s?\d"
    r"|\b(?:Rs\.?|CHF|AED|PLN|NOK|EUR|USD|GBP|JPY|INR)\s?\d"
    r"|\d(?:AED|USD|EUR|GBP)\b"
    r"|\d\s?(?:billion|million)?\s?yen\b"
)


def data_files() -> list[Path]:
    return sorted(
        p for p in DATA.iterdir() if p.suffix in {".txt", ".md"} and p.name != "README.md"
    )


def split_stories(text: str) -> list[dict]:
    """Stories of a sample file: headline, date line (or None), body lines, body text."""
    lines = text.splitlines()
    starts = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or (i > 0 and lines[i - 1].strip()):
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if nxt and not DATE_LINE.match(nxt):
            continue
        if (
            stripped.startswith(NOT_HEADLINE_START)
            or stripped.rstrip("*_").endswith(SENTENCE_END)
            or DATE_LINE.match(stripped)
        ):
            continue
        starts.append(i)
    stories = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        has_date = i + 1 < len(lines) and DATE_LINE.match(lines[i + 1])
        date = lines[i + 1].strip() if has_date else None
        body_start = i + 2 if date else i + 1
        body = "\n".join(lines[body_start:end])
        stories.append({"headline": lines[i].strip(), "date": date, "body": body})
    return stories


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    assert rows, "gold file is empty"
    return rows


@pytest.fixture(scope="module")
def stories() -> dict[str, list[dict]]:
    return {p.name: split_stories(p.read_text(encoding="utf-8")) for p in data_files()}


def test_gold_rows_are_well_formed(gold):
    required = [
        "article",
        "type",
        "company",
        "counterparty",
        "amount",
        "currency",
        "alt",
        "round",
        "status",
        "evidence",
        "note",
        "file",
    ]
    for row in gold:
        missing = [k for k in required if k not in row]
        assert not missing, f"missing {missing}: {row}"
        assert row["type"] in EVENT_TYPES, row
        if row.get("undisclosed"):
            assert row["type"] == "acquisition", row
            assert row["amount"] is None and row["currency"] is None, row
        else:
            assert isinstance(row["amount"], (int, float)) and row["amount"] > 0, row
            assert re.fullmatch(r"[A-Z]{3}", row["currency"]), row
        if "amount_max" in row:
            assert row["amount_max"] > row["amount"], row
        if row["alt"] is not None:
            assert set(row["alt"]) == {"amount", "currency"}, row
            assert re.fullmatch(r"[A-Z]{3}", row["alt"]["currency"]), row
            assert row["alt"]["currency"] != row["currency"], row
        if row["type"] == "fine":
            assert row["status"] in FINE_STATUSES and row["counterparty"], row
        else:
            assert row["status"] is None, row
        if row["type"] in {"funding", "fine", "acquisition"}:
            assert row["company"], row
        if row["type"] == "acquisition":
            assert row["counterparty"], row
        if row["round"] is not None:
            assert row["type"] == "funding" and row["round"] in ROUNDS, row
        if "event_date" in row:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"]), row


def test_evidence_is_in_the_named_file_and_story(gold, stories):
    for row in gold:
        path = DATA / row["file"]
        assert path.is_file(), f"no such data file: {row['file']}"
        text = path.read_text(encoding="utf-8")
        assert row["evidence"] in text, f"evidence not in {row['file']}: {row['evidence']!r}"
        assert row["article"] in text.splitlines(), (
            f"headline not a line of {row['file']}: {row['article']!r}"
        )
        story = next(s for s in stories[row["file"]] if s["headline"] == row["article"])
        assert row["evidence"] in story["body"], f"evidence outside its story: {row['evidence']!r}"


def test_every_story_is_annotated_or_has_no_money(gold, stories):
    by_file = defaultdict(set)
    for row in gold:
        by_file[row["file"]].add(row["article"])
    for name, file_stories in stories.items():
        headlines = [s["headline"] for s in file_stories]
        assert len(headlines) == len(set(headlines)), f"duplicate headline in {name}"
        found = set(headlines)
        assert by_file[name] <= found, (
            f"gold headlines not found as stories in {name}: {by_file[name] - found}"
        )
        unannotated = found - by_file[name] - NO_MONEY
        assert not unannotated, f"stories in {name} with no gold row: {unannotated}"
        for story in file_stories:
            if story["headline"] in NO_MONEY:
                assert not MONEY_TOKEN.search(story["body"]), story["headline"]


def test_every_money_token_in_a_body_is_covered_by_evidence(gold, stories):
    evidence = defaultdict(list)
    for row in gold:
        evidence[(row["file"], row["article"])].append(row["evidence"])
    for name, file_stories in stories.items():
        for story in file_stories:
            body = story["body"]
            covered = []
            for ev in evidence[(name, story["headline"])]:
                start = body.find(ev)
                while start != -1:
                    covered.append((start, start + len(ev)))
                    start = body.find(ev, start + 1)
            for m in MONEY_TOKEN.finditer(body):
                near = body[m.start() : m.start() + 30]
                assert any(a <= m.start() < b for a, b in covered), (
                    f"{name} / {story['headline']}: amount near {near!r} "
                    "is not inside any gold evidence"
                )


def test_story_counts(stories):
    assert len(stories[SEED_FILE]) == 8
    own = sum(len(v) for k, v in stories.items() if k != SEED_FILE)
    assert own >= 38, own
    assert sum(1 for v in stories.values() if len(v) == 1) >= 1, "want some single-story files"
    assert sum(1 for v in stories.values() if len(v) >= 5) >= 3, "want several multi-story files"


def test_date_lines(stories):
    years = []
    undated_files = []
    for name, file_stories in stories.items():
        dated = [s for s in file_stories if s["date"]]
        assert len(dated) in (0, len(file_stories)), f"{name}: date lines on some stories only"
        if not dated:
            undated_files.append(name)
        for s in dated:
            m = DATE_LINE.match(s["date"])
            years.append(int(m.group("iso") or m.group("us") or m.group("eu")))
    assert 1 <= len(undated_files) <= 2, undated_files
    assert min(years) <= 2019 and max(years) >= 2026, (min(years), max(years))
    assert all(s["date"] for s in stories[SEED_FILE])


def test_coverage(gold):
    currencies = {r["currency"] for r in gold if r["currency"]}
    assert len(currencies) >= 8, currencies
    funding_currencies = {r["currency"] for r in gold if r["type"] == "funding"}
    assert len(funding_currencies) >= 8, funding_currencies
    types = {r["type"] for r in gold}
    assert types == EVENT_TYPES, EVENT_TYPES - types
    statuses = {r["status"] for r in gold if r["type"] == "fine"}
    assert statuses == FINE_STATUSES, FINE_STATUSES - statuses
    assert any(r.get("undisclosed") for r in gold)
    assert any("amount_max" in r for r in gold if r["type"] == "acquisition")
    assert any(r["alt"] for r in gold)
    assert any("event_date" in r for r in gold)


def test_one_row_per_event(gold):
    seen = set()
    for row in gold:
        key = (
            row["file"],
            row["article"],
            row["type"],
            row["amount"],
            row["currency"],
            row["company"],
        )
        assert key not in seen, f"duplicate gold row: {key}"
        seen.add(key)
