"""Dates written in a sentence, and the date that dates an event apart from its article."""

from __future__ import annotations

import re
from datetime import date

from analytics.articles import MONTHS

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(
    rf"""
      (?P<iso>(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d))
    | (?P<mdy>(?P<m2>{_MONTH_ALT})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))
    | (?P<dmy>(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m3>{_MONTH_ALT})\.?,?\s+(?P<y3>(?:19|20)\d\d))
    | (?P<my>\b(?:in|since|during|back\s+in)\s+(?P<m4>{_MONTH_ALT})\.?\s+(?P<y4>(?:19|20)\d\d))
    """,
    re.VERBOSE | re.IGNORECASE,
)


_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def dates_in(text: str) -> list[tuple[int, date]]:
    """Dates written in ``text`` with their positions; "in March 2021" is the 1st of March.

    >>> dates_in("Its last round was May 27, 2020 for $2m.")
    [(19, datetime.date(2020, 5, 27))]
    """
    out: list[tuple[int, date]] = []
    if not _YEAR_RE.search(text):
        return out
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        try:
            if g["iso"]:
                d = date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
            elif g["mdy"]:
                d = date(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
            elif g["dmy"]:
                d = date(int(g["y3"]), MONTHS[g["m3"].lower()], int(g["d3"]))
            else:
                d = date(int(g["y4"]), MONTHS[g["m4"].lower()], 1)
        except ValueError:
            continue
        out.append((m.start(), d))
    return out


def event_date(sentence: str, published: date | None) -> date | None:
    """A date in the sentence that dates the event apart from the article (past, not the same)."""
    for _, d in dates_in(sentence):
        if published is None or d < published:
            return d
    return None
