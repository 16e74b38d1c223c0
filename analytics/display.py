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

from analytics import messages

#: Column labels by the id of each value shown, in order (data: ``messages/display.toml``).
_EVENT_LABELS = messages.section("display.columns.events")
_REVIEW_LABELS = messages.section("display.columns.review")
_REPORT_LABELS = messages.section("display.columns.reports")
#: Table columns as shown, in order (the display frame's names).
TABLE_COLUMNS: tuple[str, ...] = tuple(_EVENT_LABELS.values())
#: The review queue's columns, in order (``review_frame``).
REVIEW_COLUMNS: tuple[str, ...] = tuple(_REVIEW_LABELS.values())
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
        return messages.text("display.dash")
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
        return messages.text("display.undisclosed")
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
        return _empty(_EVENT_LABELS)
    rows = events
    round_or_status = rows["round"].where(rows["round"].notna(), rows["status"])
    date = rows["event_date"].where(rows["event_date"].notna(), rows["article_date"])
    values = {
        **_event_cells(rows),
        "review": rows.get("review"),
        "date": date,
        "headline": rows["article_title"],
        "round_or_status": round_or_status,
        "amount": [
            format_amount(a, c, m)
            for a, c, m in zip(rows["amount"], rows["currency"], rows["amount_max"], strict=True)
        ],
        "sector": rows["sector"],
        "source": rows["source"],
    }
    return _frame(_EVENT_LABELS, values)


def _event_cells(events: pd.DataFrame) -> dict[str, Any]:
    """The columns the events table and the review queue both show, by id."""
    return {
        "type": events["event_type"].map(type_label),
        "company": events["company"],
        "counterparty": events["counterparty"],
        "amount_text": events["amount_text"],
        "usd": [format_usd(v) for v in events["amount_usd"]],
        "confidence": events["confidence"],
    }


def _empty(labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in labels.values()})


def _frame(labels: dict[str, Any], values: dict[str, Any]) -> pd.DataFrame:
    """The columns ``values`` (by id) under their labels, in the labels' order."""
    return pd.DataFrame({label: values[key] for key, label in labels.items()}).reset_index(
        drop=True
    )


def review_frame(queue: pd.DataFrame) -> pd.DataFrame:
    """The review queue as shown: what a mistake would cost first (``at stake``: the USD amount
    times one minus the confidence)."""
    if queue.empty:
        return _empty(_REVIEW_LABELS)
    stake = (1 - queue["confidence"].fillna(0)) * queue["amount_usd"].fillna(0)
    values = {
        **_event_cells(queue),
        "at_stake": [format_usd(v) for v in stake],
        "headline": queue["article_title"],
        "event_date": queue["event_date"],
        "source": queue["source"],
    }
    return _frame(_REVIEW_LABELS, values)


def no_rate_caption(no_rate: int) -> str:
    """What the charts leave out for want of a USD rate (empty when nothing).

    >>> no_rate_caption(3)
    '3 rows without a USD rate are not in the charts (add their currency to rates.csv).'
    """
    if not no_rate:
        return ""
    if no_rate == 1:
        return messages.text("display.no_rate_one")
    return messages.say("display.no_rate_many", count=no_rate)


def header_line(articles: int, money_events: int, span: tuple[str | None, str | None]) -> str:
    """``12 articles · 30 money events · 2019-03-14 to 2024-05-02``."""
    low, high = span
    when = messages.say("display.span", low=low, high=high) if low and high else None
    counts = {
        "articles": counted(articles, "display.article", "display.articles"),
        "events": counted(money_events, "display.money_event", "display.money_events"),
    }
    return messages.say("display.header", when=when or messages.text("display.no_dates"), **counts)


def counted(n: int, one: str, many: str) -> str:
    """``n`` things, in the singular message ``one`` or the plural ``many``."""
    return messages.say(one if n == 1 else many, count=n)


def metric_caption(events: int, undisclosed: int, no_rate: int = 0) -> str:
    """``12 events · 3 undisclosed (not in the total)``."""
    parts = [counted(events, "display.event", "display.events")]
    if undisclosed:
        parts.append(messages.say("display.undisclosed_part", count=undisclosed))
    if no_rate:
        parts.append(messages.say("display.no_rate_part", count=no_rate))
    return " · ".join(parts)


def escape_markdown(text: str) -> str:
    """Text from a file made inert for Streamlit markdown: every markup character escaped.

    >>> print(escape_markdown("[x](y) <b>"))
    \\[x\\]\\(y\\) \\<b\\>
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def event_title(row: pd.Series) -> str:
    """``fine: Beta Bank — £17 million`` (plain text)."""
    company = row.get("company")
    if _missing(company):
        company = messages.text("display.unknown_company")
    amount = row.get("amount_text")
    if _missing(amount):
        amount = messages.text("display.undisclosed_amount")
    kind = type_label(row.get("event_type"))
    return messages.say("display.event_title", kind=kind, company=company, amount=amount)


def download_label(rows: int) -> str:
    """``Download 1 row as CSV`` / ``Download 1,234 rows as CSV``."""
    if rows == 1:
        return messages.text("display.download_one")
    return messages.say("display.download_many", count=rows)


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
        if start >= 0:
            bold = messages.say("display.html.bold", text=esc(text[start:end]))
            inner = esc(text[sent_start:start]) + bold + esc(text[end:sent_end])
        else:
            inner = esc(text[sent_start:sent_end])
        mark = messages.say("display.html.mark", text=inner)
        body = esc(text[:sent_start]) + mark + esc(text[sent_end:])
    return messages.say("display.html.article", body=body)


def evidence_sentence_html(evidence: Any, amount_text: Any) -> str:
    """The evidence sentence alone, escaped and highlighted, its amount in bold.

    >>> evidence_sentence_html("Acme <b> raised $5M.", "$5M")[-44:]
    'Acme &lt;b&gt; raised <strong>$5M</strong>.</mark></div>'
    """
    text = "" if _missing(evidence) else str(evidence)
    amount = "" if _missing(amount_text) else str(amount_text)
    at = text.find(amount) if amount else -1
    if at >= 0:
        bold = messages.say("display.html.bold", text=html.escape(amount))
        body = html.escape(text[:at]) + bold + html.escape(text[at + len(amount) :])
    else:
        body = html.escape(text)
    mark = messages.say("display.html.mark", text=body)
    return messages.say("display.html.sentence", body=mark)


def fx_note(row: pd.Series) -> str:
    """How the USD figure was made: ``1 GBP = 1.3331 USD on 2021-11-26 (ECB reference rate)``."""
    if _missing(row.get("amount")):
        return messages.text("display.fx_undisclosed")
    currency = row.get("currency")
    rate, on, source = row.get("fx_rate"), row.get("fx_date"), row.get("fx_source")
    if _missing(row.get("amount_usd")) or _missing(rate):
        if _missing(source):
            return messages.text("display.fx_none")
        return messages.say("display.fx_none_because", reason=source)
    when = "" if _missing(on) else messages.say("display.fx_on", day=on)
    origin = "" if _missing(source) else messages.say("display.fx_origin", source=source)
    usd = format_usd(row["amount_usd"])
    rate = float(rate)
    return messages.say(
        "display.fx_rate", currency=currency, rate=rate, when=when, origin=origin, usd=usd
    )


def page_count(rows: int, page_size: int) -> int:
    """Pages needed for ``rows`` (at least one).

    >>> page_count(0, 50), page_count(50, 50), page_count(51, 50)
    (1, 1, 2)
    """
    return max(1, -(-rows // page_size))


#: Columns of the table of one event's reports (``report_frame``), in order.
REPORT_TABLE_COLUMNS: tuple[str, ...] = tuple(_REPORT_LABELS.values())


def report_frame(reports: pd.DataFrame) -> pd.DataFrame:
    """The reports of one event (``analytics.grouping.group_reports``) as the panel shows them:
    amounts side by side first, then where each was read and its evidence sentence."""
    if reports.empty:
        return _empty(_REPORT_LABELS)
    undisclosed = messages.text("display.undisclosed")
    values = {
        "amount_text": [
            undisclosed if bool(u) or _missing(t) else t
            for t, u in zip(reports["amount_text"], reports["undisclosed"], strict=True)
        ],
        "usd": [format_usd(v) for v in reports["amount_usd"]],
        "source": reports["source"],
        "title": reports["article_title"],
        "date": reports["article_date"],
        "company": reports["company"],
        "counterparty": reports["counterparty"],
        "counted": reports["counted"].astype(bool),
        "evidence": reports["evidence"],
    }
    return _frame(_REPORT_LABELS, values)
