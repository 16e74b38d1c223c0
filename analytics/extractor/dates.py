"""The dates of news text, in one module: date lines under a headline and metadata values
(``parse_date_line``, ``parse_date``, used by the article splitter and the readers), and dates
written in a sentence (``dates_in``, ``event_date``, used by the classifier)."""

from __future__ import annotations

import contextlib
import email.utils
import re
from datetime import date, datetime

from analytics import knowledge

#: Month names and abbreviations as news sites write them.
MONTHS: dict[str, int] = knowledge.months()

#: A date line is at most this long (a label, a weekday, a date and a time fit easily).
MAX_DATE_LINE_CHARS = 80

#: A date line: an optional label, an optional weekday, a date, an optional time.
_DATE_LINE = re.compile(
    r"""
    (?: (?:published|updated|last\ updated|posted|first\ published|date)   # 1. a label
        (?:\s+on)? \s* [:\-–—]? \s*
    )?
    (?: (?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)              # 2. a weekday
        (?:day|sday|nesday|rsday|urday)? \.? ,? \s+
    )?
    (?:                                                                    # 3. the date:
        (?P<iso_y>\d{4}) (?P<sep>[-/.]) (?P<iso_m>\d{1,2}) (?P=sep) (?P<iso_d>\d{1,2})
                                                                           #    2021-11-29
      | (?P<mdy_m>[a-z]{3,9}) \.? \s+ (?P<mdy_d>\d{1,2}) (?:st|nd|rd|th)? ,? \s+ (?P<mdy_y>\d{4})
                                                                           #    Nov. 29, 2021
      | (?P<dmy_d>\d{1,2}) (?:st|nd|rd|th)? \s+ (?:of\s+)? (?P<dmy_m>[a-z]{3,9}) \.? ,? \s+
        (?P<dmy_y>\d{4})                                                   #    29 November 2021
      | (?P<num_a>\d{1,2}) (?P<nsep>[/.]) (?P<num_b>\d{1,2}) (?P=nsep) (?P<num_y>\d{4})
                                                                           #    27/02/2026
      | (?P<my_m>[a-z]{3,9}) \.? ,? \s+ (?P<my_y>\d{4})                    #    January 2018 (1st)
      | (?P<y_only>(?:19|20)\d\d)                                           #    2018 (1 January)
    )
    (?P<rest>.*)                                                           # 4. the rest
    """,
    re.VERBOSE | re.IGNORECASE,
)

#: What may follow the date on a date line: a time, a time zone, nothing else.
_TIME_TAIL = re.compile(
    r"""
    [\s,·|•–—-]*                                         # separators
    (?: (?:at|@) \s* )?
    (?: T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)? \s* (?:[ap]\.?m\.?)?   # 10:30, 10:30:00, 10:30 pm
      | \d{1,2} \s* [ap]\.?m\.?                          # 9 am
    )?
    \s*
    (?: z | utc | gmt | [+-]\d{2}:?\d{2} | [a-z]{1,4}t )?   # Z, UTC, +01:00, PST, CEST
    \s*
    """,
    re.VERBOSE | re.IGNORECASE,
)


def parse_date_line(line: str) -> date | None:
    """The date of a date line (``2021-11-29``, ``Nov. 29, 2021``, ``Published: 29 November 2021``).

    >>> parse_date_line("Published: Monday, November 29, 2021 at 10:30 am PT")
    datetime.date(2021, 11, 29)
    >>> parse_date_line("Final call for Sight Tech Global Dec. 1-2") is None
    True
    >>> parse_date_line("January 2018"), parse_date_line("2020")
    (datetime.date(2018, 1, 1), datetime.date(2020, 1, 1))
    >>> parse_date_line("Series 2020") is None
    True
    """
    line = line.strip().strip("*_").strip()
    if len(line) > MAX_DATE_LINE_CHARS:
        return None
    m = _DATE_LINE.fullmatch(line)
    if m is None or _TIME_TAIL.fullmatch(m["rest"]) is None:
        return None
    if m["iso_y"]:
        y, mo, d = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
    elif m["mdy_y"]:
        y, mo, d = int(m["mdy_y"]), MONTHS.get(m["mdy_m"].lower(), 0), int(m["mdy_d"])
    elif m["dmy_y"]:
        y, mo, d = int(m["dmy_y"]), MONTHS.get(m["dmy_m"].lower(), 0), int(m["dmy_d"])
    elif m["my_y"]:  # a month's date line: its first day
        y, mo, d = int(m["my_y"]), MONTHS.get(m["my_m"].lower(), 0), 1
    elif m["y_only"]:  # a year's date line: its first day
        y, mo, d = int(m["y_only"]), 1, 1
    else:
        # Day first when the first number cannot be a month, or with dots (European usage);
        # "03/04/2025" with slashes is read the US way, month first.
        a, b, y = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
        day_first = a > 12 or (m["nsep"] == "." and b <= 12)
        d, mo = (a, b) if day_first else (b, a)
    return _valid_date(y, mo, d)


def _valid_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> date | None:
    """A date from a metadata value: ISO 8601, RFC 2822 (RSS ``pubDate``), or a date line.

    >>> parse_date("Mon, 29 Nov 2021 10:00:00 GMT"), parse_date("2021-11-29T10:00:00Z")
    (datetime.date(2021, 11, 29), datetime.date(2021, 11, 29))
    """
    value = value.strip()
    if not value or len(value) > MAX_DATE_LINE_CHARS:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    else:
        return _valid_date(parsed.year, parsed.month, parsed.day)
    if "," in value[:5] or value[:3].isalpha():
        try:
            rfc = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            rfc = None
        if rfc is not None:
            return _valid_date(rfc.year, rfc.month, rfc.day)
    return parse_date_line(value)


#: Day and month in either order, with slashes or dots: told apart only when one is over 12.
_EITHER_ORDER = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def parse_record_date(value: str) -> date | None:
    """A date from a record's date field: ``parse_date``, else a day/month/year or month/day/year
    date whose order is plain because one of the two is over 12 (``13/02.2026``).

    >>> parse_record_date("2021-11-29"), parse_record_date("29/11.2021")
    (datetime.date(2021, 11, 29), datetime.date(2021, 11, 29))
    >>> parse_record_date("03/04.2021") is None
    True
    """
    if (day := parse_date(value)) is not None:
        return day
    m = _EITHER_ORDER.fullmatch(value)
    if m:
        a, b, year = (int(g) for g in m.groups())
        with contextlib.suppress(ValueError):
            if a > 12 >= b:
                return date(year, b, a)
            if b > 12 >= a:
                return date(year, a, b)
    return None


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
