"""Readable text for the dashboard: amounts, the events table, evidence, upload summaries.

Everything here returns plain data or escaped text; nothing from an article file is ever passed
on as markup (``evidence_html`` escapes every piece it takes from the article).
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

import pandas as pd

#: Table columns as shown, in order (the display frame's names).
TABLE_COLUMNS: tuple[str, ...] = (
    "type",
    "company",
    "counterparty",
    "amount (as written)",
    "USD",
    "confidence",
    "review",
    "date",
    "headline",
    "round / status",
    "amount",
    "sector",
    "source",
)
#: The review queue's columns, in order (``review_frame``).
REVIEW_COLUMNS: tuple[str, ...] = (
    "type",
    "company",
    "counterparty",
    "amount (as written)",
    "USD",
    "confidence",
    "at stake",
    "headline",
    "event date",
    "source",
)
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_usd(value: Any) -> str:
    """``22660000`` -> ``$22.7M``; missing -> ``—``.

    >>> format_usd(22_660_000), format_usd(1_250_000_000), format_usd(950), format_usd(None)
    ('$22.7M', '$1.25B', '$950', '—')
    """
    if _missing(value):
        return "—"
    value = float(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    for scale, suffix in _SCALES:
        if value >= scale:
            scaled = value / scale
            digits = 2 if scaled < 10 else 1 if scaled < 100 else 0
            return f"{sign}${scaled:.{digits}f}{suffix}"
    return f"{sign}${value:,.0f}"


def format_amount(amount: Any, currency: Any, amount_max: Any = None) -> str:
    """The amount in its own currency with digit grouping: ``17,000,000 GBP``.

    >>> format_amount(5e6, "USD", 1e7)
    '5,000,000–10,000,000 USD'
    """
    if _missing(amount):
        return "undisclosed"
    text = _grouped(amount)
    if not _missing(amount_max):
        text += f"–{_grouped(amount_max)}"
    return f"{text} {currency}" if not _missing(currency) else text


def _grouped(value: Any) -> str:
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() or abs(value) >= 1000 else f"{value:,.2f}"


def type_label(event_type: str) -> str:
    """``total_raised`` -> ``total raised``."""
    return str(event_type).replace("_", " ")


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The events as the dashboard's table shows them (one row per event, same order)."""
    if events.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in TABLE_COLUMNS})
    rows = events
    round_or_status = rows["round"].where(rows["round"].notna(), rows["status"])
    date = rows["event_date"].where(rows["event_date"].notna(), rows["article_date"])
    out = pd.DataFrame(
        {
            "type": rows["event_type"].map(type_label),
            "company": rows["company"],
            "counterparty": rows["counterparty"],
            "amount (as written)": rows["amount_text"],
            "USD": [format_usd(v) for v in rows["amount_usd"]],
            "confidence": rows["confidence"],
            "review": rows.get("review"),
            "date": date,
            "headline": rows["article_title"],
            "round / status": round_or_status,
            "amount": [
                format_amount(a, c, m)
                for a, c, m in zip(
                    rows["amount"], rows["currency"], rows["amount_max"], strict=True
                )
            ],
            "sector": rows["sector"],
            "source": rows["source"],
        }
    )
    return out.reset_index(drop=True)


def review_frame(queue: pd.DataFrame) -> pd.DataFrame:
    """The review queue as shown: what a mistake would cost first (``at stake``: the USD amount
    times one minus the confidence)."""
    if queue.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in REVIEW_COLUMNS})
    stake = (1 - queue["confidence"].fillna(0)) * queue["amount_usd"].fillna(0)
    out = pd.DataFrame(
        {
            "type": queue["event_type"].map(type_label),
            "company": queue["company"],
            "counterparty": queue["counterparty"],
            "amount (as written)": queue["amount_text"],
            "USD": [format_usd(v) for v in queue["amount_usd"]],
            "confidence": queue["confidence"],
            "at stake": [format_usd(v) for v in stake],
            "headline": queue["article_title"],
            "event date": queue["event_date"],
            "source": queue["source"],
        }
    )
    return out.reset_index(drop=True)


def no_rate_caption(no_rate: int) -> str:
    """What the charts leave out for want of a USD rate (empty when nothing).

    >>> no_rate_caption(3)
    '3 rows without a USD rate are not in the charts (add their currency to rates.csv).'
    """
    if not no_rate:
        return ""
    rows = (
        "1 row without a USD rate is"
        if no_rate == 1
        else f"{no_rate:,} rows without a USD rate are"
    )
    return f"{rows} not in the charts (add their currency to rates.csv)."


def header_line(articles: int, money_events: int, span: tuple[str | None, str | None]) -> str:
    """``12 articles · 30 money events · 2019-03-14 to 2024-05-02``."""
    low, high = span
    when = f"{low} to {high}" if low and high else "no dates"
    return (
        f"{articles:,} article{'s' if articles != 1 else ''} · "
        f"{money_events:,} money event{'s' if money_events != 1 else ''} · {when}"
    )


def metric_caption(events: int, undisclosed: int, no_rate: int = 0) -> str:
    """``12 events · 3 undisclosed (not in the total)``."""
    parts = [f"{events:,} event{'s' if events != 1 else ''}"]
    if undisclosed:
        parts.append(f"{undisclosed:,} undisclosed (not in the total)")
    if no_rate:
        parts.append(f"{no_rate:,} without a USD rate (not in the total)")
    return " · ".join(parts)


def escape_markdown(text: str) -> str:
    """Text from a file made inert for Streamlit markdown: every markup character escaped.

    >>> print(escape_markdown("[x](y) <b>"))
    \\[x\\]\\(y\\) \\<b\\>
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def event_title(row: pd.Series) -> str:
    """``fine: Beta Bank — £17 million`` (plain text)."""
    company = "unknown company" if _missing(row.get("company")) else row["company"]
    amount = "undisclosed amount" if _missing(row.get("amount_text")) else row["amount_text"]
    return f"{type_label(row.get('event_type'))}: {company} — {amount}"


def download_label(rows: int) -> str:
    """``Download 1 row as CSV`` / ``Download 1,234 rows as CSV``."""
    return f"Download {rows:,} row{'s' if rows != 1 else ''} as CSV"


def evidence_html(text: str, span_start: int, span_end: int, evidence: Any = None) -> str:
    """The article text as escaped HTML with the evidence sentence and the amount marked.

    The amount's span is ``text[span_start:span_end]``; the sentence is ``evidence`` located
    around it. Every piece of the article is ``html.escape``d; only our own ``<mark>``,
    ``<strong>`` and ``<div>`` tags are markup.
    """
    evidence = evidence if isinstance(evidence, str) and evidence else None
    n = len(text)
    start, end = span_start, span_end
    if not (0 <= start <= end <= n):
        start = end = -1
    sent_start, sent_end = start, end
    if evidence and start >= 0:
        window_from = max(0, start - len(evidence))
        found = text.find(evidence, window_from, min(n, end + len(evidence)))
        if found != -1 and found <= start and found + len(evidence) >= end:
            sent_start, sent_end = found, found + len(evidence)
    elif evidence:
        found = text.find(evidence)
        if found != -1:
            sent_start, sent_end = found, found + len(evidence)
    esc = html.escape
    if sent_start < 0:
        body = esc(text)
    else:
        inner = (
            esc(text[sent_start:start])
            + "<strong>"
            + esc(text[start:end])
            + "</strong>"
            + esc(text[end:sent_end])
            if start >= 0
            else esc(text[sent_start:sent_end])
        )
        body = (
            esc(text[:sent_start])
            + '<mark style="background-color:#fff3a3;color:#1a1a1a">'
            + inner
            + "</mark>"
            + esc(text[sent_end:])
        )
    return (
        '<div style="white-space:pre-wrap;line-height:1.5;max-height:28em;overflow-y:auto;'
        'padding:0.75em;border:1px solid rgba(128,128,128,0.3);border-radius:0.5em">'
        f"{body}</div>"
    )


def evidence_sentence_html(evidence: Any, amount_text: Any) -> str:
    """The evidence sentence alone, escaped and highlighted, its amount in bold.

    >>> evidence_sentence_html("Acme <b> raised $5M.", "$5M")[-44:]
    'Acme &lt;b&gt; raised <strong>$5M</strong>.</mark></div>'
    """
    text = "" if _missing(evidence) else str(evidence)
    amount = "" if _missing(amount_text) else str(amount_text)
    at = text.find(amount) if amount else -1
    if at >= 0:
        body = (
            html.escape(text[:at])
            + "<strong>"
            + html.escape(amount)
            + "</strong>"
            + html.escape(text[at + len(amount) :])
        )
    else:
        body = html.escape(text)
    return (
        '<div style="line-height:1.5;padding:0.5em 0"><mark style="background-color:#fff3a3;'
        f'color:#1a1a1a">{body}</mark></div>'
    )


def fx_note(row: pd.Series) -> str:
    """How the USD figure was made: ``1 GBP = 1.3331 USD on 2021-11-26 (ECB reference rate)``."""
    if _missing(row.get("amount")):
        return "Undisclosed: no amount, so no USD figure."
    currency = row.get("currency")
    rate, on, source = row.get("fx_rate"), row.get("fx_date"), row.get("fx_source")
    if _missing(row.get("amount_usd")) or _missing(rate):
        reason = "" if _missing(source) else f": {source}"
        return f"No USD figure{reason}."
    when = "" if _missing(on) else f" on {on}"
    origin = "" if _missing(source) else f" ({source})"
    return f"1 {currency} = {float(rate):.6g} USD{when}{origin} → {format_usd(row['amount_usd'])}"


def page_count(rows: int, page_size: int) -> int:
    """Pages needed for ``rows`` (at least one).

    >>> page_count(0, 50), page_count(50, 50), page_count(51, 50)
    (1, 1, 2)
    """
    return max(1, -(-rows // page_size))


#: Columns of the table of one event's reports (``report_frame``), in order.
REPORT_TABLE_COLUMNS: tuple[str, ...] = (
    "amount (as written)",
    "USD",
    "source",
    "title",
    "date",
    "company",
    "counterparty",
    "in totals",
    "evidence",
)


def report_frame(reports: pd.DataFrame) -> pd.DataFrame:
    """The reports of one event (``analytics.grouping.group_reports``) as the panel shows them:
    amounts side by side first, then where each was read and its evidence sentence."""
    if reports.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in REPORT_TABLE_COLUMNS})
    out = pd.DataFrame(
        {
            "amount (as written)": [
                "undisclosed" if bool(u) or _missing(t) else t
                for t, u in zip(reports["amount_text"], reports["undisclosed"], strict=True)
            ],
            "USD": [format_usd(v) for v in reports["amount_usd"]],
            "source": reports["source"],
            "title": reports["article_title"],
            "date": reports["article_date"],
            "company": reports["company"],
            "counterparty": reports["counterparty"],
            "in totals": reports["counted"].astype(bool),
            "evidence": reports["evidence"],
        }
    )
    return out.reset_index(drop=True)
