"""Web pages and HTML fragments to text, by trafilatura: one article from a page (main text,
title, date from the page's markup, URL), and the text of HTML values in JSON and CSV records."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analytics.articles import Article
from analytics.extractor.dates import parse_date
from analytics.reading import limits
from analytics.reading.common import fail, safe_display_name
from analytics.reading.decoding import clean_text

log = logging.getLogger(__name__)


def read_html(text: str, name: str, published: date | None) -> Article:
    """One article from a web page, by trafilatura: main text, title, date, URL."""
    tags = text.count("<")
    if tags > limits.HTML_MAX_TAGS:
        raise fail("reading.html_too_complex", name, tags=tags, limit=limits.HTML_MAX_TAGS)
    doc = _extract_html(text, name, with_metadata=True)
    lines = _paragraphs(getattr(doc, "body", None))
    title = " ".join(clean_text(getattr(doc, "title", None) or "").split())
    if lines and title and lines[0].casefold().startswith(title.casefold()):
        title = " ".join(lines.pop(0).split())  # the page's own headline is fuller than <title>
    if not lines and not title:
        raise fail("reading.no_text", name)
    day = parse_date(str(getattr(doc, "date", None) or ""))
    url = getattr(doc, "url", None) or None
    return Article(
        title=title,
        body="\n\n".join(lines),
        source=name,
        published=day or published,
        url=url,
    )


def _extract_html(html: str, name: str, *, with_metadata: bool, fast: bool = False) -> Any:
    """trafilatura's document for a page (None when it finds nothing). Formatting is kept in the
    tree so inline tags do not break paragraphs; ``_paragraphs`` reads the text back out."""
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=with_metadata,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
            include_formatting=True,
            fast=fast,
            # dates from the page's markup only: guessing from the text is slow on big pages
            # and finds wrong dates in articles full of numbers
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, TypeError, RecursionError, LookupError, AttributeError) as exc:
        log.info("trafilatura failed on %s: %r", safe_display_name(name), exc)
        return None


def _paragraphs(body: Any) -> list[str]:
    """The paragraphs of trafilatura's output tree: one per block, list item or table row."""
    if body is None:
        return []
    out: list[str] = []
    for block in body:
        if block.tag == "list":
            rows = [_inline_text(item) for item in block.iter("item")]
        elif block.tag == "table":
            rows = [
                " | ".join(_inline_text(c) for c in row.iter("cell")) for row in block.iter("row")
            ]
        else:
            rows = [_inline_text(block)]
        out.extend(line for row in rows for line in _lines(row))
    return out


def _inline_text(element: Any) -> str:
    """An element's text with its inline children; line breaks (``<lb/>``) kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in ("list", "table"):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


@dataclass
class Fragments:
    """How many more HTML values of one file get the full (slower) extraction."""

    full_left: int = field(default_factory=lambda: limits.MAX_FULL_FRAGMENTS)
    flattened: int = 0


def markup_to_text(value: str, fragments: Fragments) -> str:
    """Text from an HTML fragment inside a JSON or CSV value: paragraphs by trafilatura while the
    file's budget lasts, else one line by trafilatura's plain converter (linear time)."""
    page = f"<html><body><article>{value}</article></body></html>"
    if fragments.full_left > 0 and value.count("<") <= limits.HTML_MAX_TAGS:
        fragments.full_left -= 1
        doc = _extract_html(page, "", with_metadata=False, fast=True)
        if lines := _paragraphs(getattr(doc, "body", None)):
            return "\n\n".join(lines)
    import trafilatura

    fragments.flattened += 1
    try:
        flat = trafilatura.html2txt(page) or ""
    except (ValueError, TypeError, RecursionError, LookupError, AttributeError):
        flat = ""
    return " ".join(clean_text(flat).split())
