"""Small synthetic articles and events for the store, filter, chart, export and app tests."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.articles import Article
from analytics.schema import conform
from analytics.store import Store


def article(title: str, body: str = "", *, source: str = "news.txt", published: str = "2021-06-01"):
    """An article; the body defaults to one sentence naming the title."""
    return Article(
        title=title,
        body=body or f"{title}, the report says.",
        source=source,
        published=date.fromisoformat(published) if published else None,
    )


def event(art: Article, event_id: str, **fields: Any) -> dict[str, Any]:
    """An event row of ``art``: a $1M funding round unless ``fields`` say otherwise."""
    row: dict[str, Any] = {
        "event_id": event_id,
        "article_id": art.content_id,
        "source": art.source,
        "article_title": art.title,
        "article_date": art.published.isoformat() if art.published else None,
        "event_type": "funding",
        "company": "Acme",
        "counterparty": None,
        "round": None,
        "status": None,
        "event_date": None,
        "amount": 1_000_000.0,
        "amount_max": None,
        "currency": "USD",
        "qualifier": None,
        "amount_text": "$1 million",
        "alt_amount": None,
        "alt_currency": None,
        "undisclosed": False,
        "amount_usd": None,
        "fx_rate": 1.0,
        "fx_date": art.published.isoformat() if art.published else None,
        "fx_source": "identity",
        "sector": None,
        "evidence": None,
        "span_start": -1,
        "span_end": -1,
        "confidence": 0.9,
    }
    row.update(fields)
    if "amount_usd" not in fields and row["amount"] is not None and row["fx_rate"] is not None:
        row["amount_usd"] = row["amount"] * row["fx_rate"]
    if row["undisclosed"]:
        row.update(amount=None, amount_usd=None, amount_text=None, fx_rate=None)
    return row


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a schema-conformant events table."""
    return conform(pd.DataFrame(rows))


def corpus() -> tuple[list[Article], pd.DataFrame]:
    """Six articles and ten events covering every filter (types, sectors, currencies, ...)."""
    a1 = article("Acme raises $12M Series A", source="funding.txt", published="2021-03-14")
    a2 = article("Beta Bank fined £17M by the FCA", source="fines.txt", published="2021-11-29")
    a3 = article("Gamma buys Delta", source="deals.md", published="2022-02-01")
    a4 = article("KrishiLink raises Rs 85 crore", source="funding.txt", published="2019-08-12")
    a5 = article("Omega valued at $2B", source="funding.txt", published="2023-05-05")
    a6 = article(
        "Regulator fines Zeta €5M, Zeta appeals", source="fines.txt", published="2020-01-20"
    )
    rows = [
        event(
            a1,
            "e01",
            company="Acme",
            counterparty="Northgate Ventures; Halden",
            round="Series A",
            amount=12e6,
            amount_text="$12 million",
            sector="health",
        ),
        event(
            a2,
            "e02",
            event_type="fine",
            company="Beta Bank",
            counterparty="FCA",
            status="imposed",
            amount=17e6,
            currency="GBP",
            amount_text="£17 million",
            fx_rate=1.3331,
            fx_source="ECB reference rate",
            sector="fintech",
        ),
        event(
            a3,
            "e03",
            event_type="acquisition",
            company="Delta",
            counterparty="Gamma Corp",
            undisclosed=True,
            sector="ai",
        ),
        event(
            a3,
            "e04",
            event_type="acquisition",
            company="Epsilon",
            counterparty="Gamma Corp",
            amount=250e6,
            amount_text="$250M",
            sector="ai",
            event_date="2021-12-20",
        ),
        event(
            a4,
            "e05",
            company="KrishiLink",
            counterparty="Meridian Growth",
            round="Series B",
            amount=850e6,
            currency="INR",
            amount_text="Rs 85 crore",
            fx_rate=0.014,
            sector="agritech",
            alt_amount=12e6,
            alt_currency="USD",
        ),
        event(
            a5,
            "e06",
            event_type="valuation",
            company="Omega",
            amount=2e9,
            amount_text="$2 billion",
            sector="fintech",
        ),
        event(
            a6,
            "e07",
            event_type="fine",
            company="Zeta",
            counterparty="CNIL",
            status="appealed",
            amount=5e6,
            currency="EUR",
            amount_text="€5M",
            fx_rate=1.1,
            sector="ai",
        ),
        event(
            a1,
            "e08",
            event_type="total_raised",
            company="Acme",
            amount=15e6,
            amount_text="$15M",
            sector="health",
        ),
        event(
            a4,
            "e09",
            company="=cmd|' /C calc'!A0",
            round="seed",
            amount=3e6,
            amount_text="$3 million",
            sector="agritech",
        ),
        event(
            a6,
            "e10",
            event_type="fine",
            company="Zeta",
            counterparty="CNIL",
            status="proposed",
            amount=5.0,
            currency="XTS",
            amount_text="5 zorkmids",
            fx_rate=None,
            fx_source="no rate: XTS is not in the ECB reference rates",
            sector="ai",
        ),
    ]
    return [a1, a2, a3, a4, a5, a6], frame(rows)


def settle(at: Any, data_dir: Path, timeout_s: float = 60.0) -> Any:
    """Run the page once the upload worker has given every journaled file its outcome (files are
    processed outside the page run; the browser's page polls the journal, AppTest runs again)."""
    deadline = time.monotonic() + timeout_s
    with Store(data_dir) as store:  # the same process shares the open database
        while any(e.pending for e in store.journal()):
            assert time.monotonic() < deadline, "uploads still pending"
            time.sleep(0.05)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: Any, data_dir: Path, files: object) -> Any:
    """Hand ``files`` to the uploader and wait for their outcome."""
    at.file_uploader(key="uploader").set_value(files).run()
    assert not at.exception, [e.value for e in at.exception]
    return settle(at, data_dir)
