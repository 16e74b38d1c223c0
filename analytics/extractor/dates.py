"""The dates of news text, in one module: date lines under a headline and metadata values
(``parse_date_line``, ``parse_date``, used by the article splitter and the readers), and dates
written in a sentence (``dates_in``, ``event_date``, used by the classifier).

The grammar is data: ``analytics/knowledge/dates.yaml`` (labels, weekdays, each way of writing a
date as a row with its examples; month names in ``months.tsv``), read and checked at import;
``tests/test_dates.py`` runs its examples."""

from __future__ import annotations

import contextlib
import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime

from analytics import knowledge

#: Month names and abbreviations as news sites write them.
MONTHS: dict[str, int] = knowledge.months()

#: A date line is at most this long (a label, a weekday, a date and a time fit easily).
MAX_DATE_LINE_CHARS = 80

_FILE = "analytics/knowledge/dates.yaml"
#: What a format's named groups may be (see dates.yaml).
_PARTS = {"y", "m", "mon", "d", "a", "b", "sep"}


@dataclass(frozen=True)
class Format:
    """One way of writing a date: a row of ``dates.yaml``."""

    name: str
    pattern: str  # with its groups named ``{name}_{part}``, unique in the grammar
    parts: frozenset[str]
    examples: tuple[tuple[str, date], ...]


@dataclass(frozen=True)
class Grammar:
    """A date line's or a sentence's grammar: the compiled pattern, its formats, its examples."""

    pattern: re.Pattern[str]
    formats: tuple[Format, ...]
    examples: tuple[tuple[str, object], ...]
    counterexamples: tuple[str, ...]


def _fail(where: str, message: str) -> knowledge.KnowledgeError:
    return knowledge.KnowledgeError(f"{_FILE}: {where}: {message}")


def _format(row: object, where: str, month: str) -> Format:
    if not isinstance(row, dict) or not {"name", "pattern", "examples"} <= set(row):
        raise _fail(where, "a format needs a name, a pattern and examples")
    name, raw = str(row["name"]), str(row["pattern"]).strip().replace("{month}", month)
    parts = frozenset(re.findall(r"\(\?P<(\w+)>", raw))
    if not parts <= _PARTS or "y" not in parts:
        raise _fail(where, f"groups {sorted(parts)}: y is needed, {sorted(_PARTS)} allowed")
    named = re.sub(r"\(\?P([<=])(\w+)", rf"(?P\1{name}_\2", raw)
    examples = row["examples"]
    if not isinstance(examples, dict) or not all(isinstance(d, date) for d in examples.values()):
        raise _fail(where, "examples must be 'text: YYYY-MM-DD' pairs")
    return Format(name, named, parts, tuple(examples.items()))


def _grammar(section: str, pieces: dict[str, str]) -> Grammar:
    """The ``section`` of dates.yaml compiled: its pattern with its pieces put in."""
    data = _DATA.get(section)
    if not isinstance(data, dict) or not isinstance(data.get("formats"), list):
        raise _fail(section, "needs a pattern and a list of formats")
    formats = tuple(
        _format(row, f"{section}.formats[{i}]", pieces.get("month", ""))
        for i, row in enumerate(data["formats"])
    )
    pattern = str(data["pattern"])
    pieces = {**pieces, "formats": " | ".join(f"(?:{f.pattern})" for f in formats)}
    for key, value in pieces.items():
        pattern = pattern.replace(f"{{{key}}}", value)
    try:
        compiled = re.compile(pattern, re.VERBOSE | re.IGNORECASE)
    except re.error as err:
        raise _fail(f"{section}.pattern", f"does not compile: {err}") from None
    return Grammar(
        compiled,
        formats,
        tuple(data.get("examples", {}).items()),
        tuple(data.get("counterexamples", [])),
    )


def _compile(section: str, key: str) -> re.Pattern[str]:
    try:
        return re.compile(str(_DATA[section][key]), re.VERBOSE | re.IGNORECASE)
    except (KeyError, TypeError, re.error) as err:
        raise _fail(f"{section}.{key}", f"missing or not a regex: {err}") from None


_DATA = knowledge.document("dates")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
#: A date line: an optional label, an optional weekday, a date, an optional time.
_LABELS = "|".join(re.escape(label) for label in _DATA["line"]["labels"])
LINE = _grammar("line", {"labels": _LABELS, "weekday": str(_DATA["line"]["weekday"]).strip()})
#: What may follow the date on a date line: a time, a time zone, nothing else.
_TIME_TAIL = _compile("line", "time")
#: Dates in a sentence.
SENTENCE = _grammar("sentence", {"month": _MONTH_ALT})
_YEAR_RE = _compile("sentence", "year")


def _parts(m: re.Match[str], formats: tuple[Format, ...]) -> tuple[Format, dict[str, str]]:
    """The format that matched and its parts, by part name."""
    for f in formats:
        if m[f"{f.name}_y"] is not None:
            return f, {part: m[f"{f.name}_{part}"] for part in f.parts}
    raise AssertionError("every format has a year")  # pragma: no cover - checked at load


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
    m = LINE.pattern.fullmatch(line)
    if m is None or _TIME_TAIL.fullmatch(m["rest"]) is None:
        return None
    _, p = _parts(m, LINE.formats)
    y = int(p["y"])
    if "a" in p:
        # Day first when the first number cannot be a month, or with dots (European usage);
        # "03/04/2025" with slashes is read the US way, month first.
        a, b = int(p["a"]), int(p["b"])
        day_first = a > 12 or (p["sep"] == "." and b <= 12)
        d, mo = (a, b) if day_first else (b, a)
    else:
        mo = _month(p)
        d = int(p["d"]) if "d" in p else 1  # a month's or a year's date line: its first day
    return _valid_date(y, mo, d)


def _month(p: dict[str, str]) -> int:
    """The month of a date's parts: a number, a name (0 for an unknown one), or none (January)."""
    if "m" in p:
        return int(p["m"])
    if "mon" in p:
        return MONTHS.get(p["mon"].lower(), 0)
    return 1


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


def dates_in(text: str) -> list[tuple[int, date]]:
    """Dates written in ``text`` with their positions; "in March 2021" is the 1st of March.

    >>> dates_in("Its last round was May 27, 2020 for $2m.")
    [(19, datetime.date(2020, 5, 27))]
    """
    out: list[tuple[int, date]] = []
    if not _YEAR_RE.search(text):
        return out
    for m in SENTENCE.pattern.finditer(text):
        _, p = _parts(m, SENTENCE.formats)
        try:
            d = date(int(p["y"]), _month(p), int(p["d"]) if "d" in p else 1)
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
