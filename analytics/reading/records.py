"""Records to articles: JSON (an array of objects, an object holding one, one object), JSON
Lines and CSV/TSV, their fields found by name (data: ``knowledge/reading_fields.tsv``,
``knowledge/reading_keys.tsv``); HTML values turned into text; dates and Unix times read."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from analytics import knowledge, messages
from analytics.articles import Article
from analytics.extractor.dates import parse_record_date
from analytics.reading import limits
from analytics.reading.common import fail, quoted, safe_display_name
from analytics.reading.decoding import clean_text
from analytics.reading.web import Fragments, markup_to_text


def _grouped(table: str, group: str, value: str, **where: str) -> dict[str, tuple[str, ...]]:
    """The ``value`` cells of ``knowledge/{table}.tsv`` by their ``group`` cell, in file order
    (only the rows whose cells are as ``where`` says)."""
    out: dict[str, list[str]] = {}
    for row in knowledge.table(table):
        if all(row[k] == v for k, v in where.items()):
            out.setdefault(row[group], []).append(row[value])
    return {k: tuple(v) for k, v in out.items()}


#: Field names for each role, normalized (lower case, letters and digits only), best first.
_FIELD_NAMES = _grouped("reading_fields", "role", "name", match="name")
#: If no name matches exactly, a name containing one of these is taken (and said to be guessed).
_FIELD_HINTS = _grouped("reading_fields", "role", "name", match="hint")
#: Roles in the order they claim fields (text last: a hint like "content" is the weakest).
_ROLES = ("title", "url", "date", "source", "text")
_KEYS = _grouped("reading_keys", "kind", "key")
#: Keys under which JSON exports keep their list of articles, best first.
_LIST_KEYS = _KEYS["list"]
#: Keys of a nested value that hold its text (``{"rendered": "..."}``, ``{"name": "..."}``).
_VALUE_KEYS = _KEYS["value"]
#: Markup in a JSON or CSV value that should be turned into text.
_MARKUP = re.compile(r"<(?:p|br|div|span|a|h[1-6]|li|ul|ol|em|strong|b|i|figure|img)[\s/>]", re.I)


@dataclass(frozen=True)
class ColumnMapping:
    """Which field of a JSON record or CSV row fills which part of an article."""

    title: str | None = None
    text: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    #: Roles filled by a name that only contains a hint ("Story Text" as text), not a known name.
    guessed: tuple[str, ...] = ()
    #: Fields used for nothing.
    ignored: tuple[str, ...] = ()

    def field_for(self, role: str) -> str | None:
        return getattr(self, role)


class Articles(list[Article]):
    """``read_articles``' result: the articles, plus what the reader noticed on the way.

    ``notes`` are sentences for the user (skipped zip members, guessed columns, dates it could not
    read); ``mappings`` maps each JSON/CSV source name to the ``ColumnMapping`` used for it.
    """

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        super().__init__(articles)
        self.notes: list[str] = []
        self.mappings: dict[str, ColumnMapping] = {}


def describe_mapping(mapping: ColumnMapping) -> str:
    """The mapping in words, for the UI.

    >>> describe_mapping(ColumnMapping(title="Headline", text="Story Text", guessed=("text",)))
    'used “Headline” as title, “Story Text” as text (guessed)'
    """
    guessed = messages.text("reading.mapping.guessed")
    parts = [
        messages.say("reading.mapping.field", field=safe_display_name(name), role=role)
        + (guessed if role in mapping.guessed else "")
        for role in ("title", "text", "date", "url", "source")
        if (name := mapping.field_for(role)) is not None
    ]
    if parts:
        text = messages.say("reading.mapping.used", fields=", ".join(parts))
    else:
        text = messages.text("reading.mapping.used_none")
    if mapping.ignored:
        shown = ", ".join(f"“{safe_display_name(n)}”" for n in mapping.ignored[:8])
        extra = len(mapping.ignored) - 8
        more = messages.say("reading.mapping.more", count=extra) if extra > 0 else ""
        text += messages.say("reading.mapping.ignored", fields=shown, more=more)
    return text


def guess_mapping(names: Iterable[str]) -> ColumnMapping:
    """Pick the field for each role from field names, case and punctuation aside.

    >>> m = guess_mapping(["ID", "Headline", "pubDate", "Story Text", "Link"])
    >>> (m.title, m.date, m.text, m.url, m.guessed)
    ('Headline', 'pubDate', 'Story Text', 'Link', ('text',))
    """
    unique = list(dict.fromkeys(str(n) for n in names))
    normalized = {name: _normalize_name(name) for name in unique}
    chosen: dict[str, str] = {}
    used: set[str] = set()
    guessed: list[str] = []
    for role in _ROLES:  # exact names first, for every role
        for wanted in _FIELD_NAMES[role]:
            hit = next((n for n in unique if normalized[n] == wanted and n not in used), None)
            if hit is not None:
                chosen[role] = hit
                used.add(hit)
                break
    for role in _ROLES:  # then names that contain a hint
        if role in chosen:
            continue
        for hint in _FIELD_HINTS[role]:
            hit = next((n for n in unique if hint in normalized[n] and n not in used), None)
            if hit is not None:
                chosen[role] = hit
                used.add(hit)
                guessed.append(role)
                break
    return ColumnMapping(
        **chosen,
        guessed=tuple(guessed),
        ignored=tuple(n for n in unique if n not in used),
    )


def _normalize_name(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())




def read_json(
    text: str, name: str, published: date | None, result: Articles, *, lines: bool
) -> list[Article]:
    """Articles from JSON (an array of objects, an object holding one, one object) or JSON Lines;
    each format falls back on the other when its file is really written in it."""
    if lines and not text.lstrip().startswith("["):
        records = _jsonl_records(text, name)
    else:
        try:
            data = _json_loads(text)
        except json.JSONDecodeError as exc:
            if lines or not exc.msg.startswith("Extra data"):
                key = "reading.bad_jsonl" if lines else "reading.bad_json"
                where = {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
                raise fail(key, name, **where) from None
            records = _jsonl_records(text, name)  # several objects in a .json: JSON Lines
        except RecursionError:
            raise fail("reading.json_too_deep", name) from None
        else:
            records = _find_records(data, name)
    return records_to_articles(records, name, published, result, unit="record")


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        # e.g. an integer too long to convert
        raise json.JSONDecodeError(str(exc).split(";")[0], text, 0) from None


def _jsonl_records(text: str, name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = _json_loads(line)
        except json.JSONDecodeError as exc:
            where = {"line": number, "error": exc.msg, "column": exc.colno}
            raise fail("reading.bad_jsonl", name, **where) from None
        except RecursionError:
            raise fail("reading.json_too_deep", name) from None
        if not isinstance(value, dict):
            raise fail("reading.jsonl_shape", name, line=number, found=_kind_of(value))
        records.append(value)
    return records


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        if not value:
            return "an empty array"
        inner = {_kind_of(v) for v in value[:100]}
        return "an array of " + (
            inner.pop().removeprefix("a ").removeprefix("an ") + "s"
            if len(inner) == 1
            else "mixed values"
        )
    return "an object with no list of articles"


def _find_records(data: Any, name: str) -> list[dict[str, Any]]:
    """The list of article objects in parsed JSON (see ``read_articles``)."""
    found = _records_in(data, depth=0)
    if found is None:
        raise fail("reading.json_shape", name, found=_kind_of(data))
    return found


def _records_in(data: Any, depth: int) -> list[dict[str, Any]] | None:
    if isinstance(data, list):
        objects = [v for v in data if isinstance(v, dict)]
        return objects if objects else None
    if not isinstance(data, dict) or depth > 3:
        return None
    lists = {
        k: v for k, v in data.items() if isinstance(v, list) and any(isinstance(x, dict) for x in v)
    }
    for key in sorted(lists, key=lambda k: _rank_list_key(k, lists[k])):
        return [v for v in lists[key] if isinstance(v, dict)]
    for value in data.values():
        if isinstance(value, dict) and (inner := _records_in(value, depth + 1)) is not None:
            return inner
    mapping = guess_mapping(data.keys())
    if mapping.text is not None or mapping.title is not None:
        return [data]  # one article object
    return None


def _rank_list_key(key: str, value: list[Any]) -> tuple[int, int]:
    norm = _normalize_name(key)
    known = _LIST_KEYS.index(norm) if norm in _LIST_KEYS else len(_LIST_KEYS)
    return known, -len(value)


def read_csv(
    text: str, name: str, published: date | None, result: Articles, *, tab: bool
) -> list[Article]:
    """Articles from a CSV (or TSV) file with a header row; the delimiter is guessed from the
    header (``,`` ``;`` tab ``|``)."""
    text = text.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    delimiter = "\t" if tab else max(",;\t|", key=header_line.count)
    if csv.field_size_limit() < limits.MAX_FILE_BYTES:
        csv.field_size_limit(limits.MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise fail("reading.bad_csv", name, error=f"{exc}, line {reader.line_num}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise fail("reading.blank", name)
    header = [cell.strip() or f"column {i + 1}" for i, cell in enumerate(rows[0])]
    mapping = guess_mapping(header)
    if mapping.text is None and mapping.title is None:
        raise fail("reading.no_text_column", name, columns=_list_names(header))
    records = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    if not records:
        raise fail("reading.no_rows", name, unit="row")
    return records_to_articles(records, name, published, result, unit="row", mapping=mapping)


def _list_names(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(f"“{safe_display_name(n, 40)}”" for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown or "none"


def records_to_articles(
    records: list[dict[str, Any]],
    name: str,
    published: date | None,
    result: Articles,
    *,
    unit: str,
    mapping: ColumnMapping | None = None,
) -> list[Article]:
    if mapping is None:
        keys: dict[str, None] = {}
        for record in records[:1000]:
            keys.update(dict.fromkeys(str(k) for k in record))
        mapping = guess_mapping(keys)
        if mapping.text is None and mapping.title is None:
            raise fail("reading.no_text_field", name, columns=_list_names(keys))
    result.mappings[name] = mapping
    if mapping.guessed:
        wording = describe_mapping(mapping)
        note = messages.say("reading.note_mapping", name=quoted(name), mapping=wording)
        result.notes.append(note)
    articles: list[Article] = []
    bad_dates = 0
    fragments = Fragments()
    own: dict[tuple[str, ...], ColumnMapping] = {}  # records that name their fields differently
    for record in records:
        m = mapping
        if any(f is not None and f not in record for f in (m.text, m.title)):
            keys = tuple(record)
            m = own[keys] if keys in own else own.setdefault(keys, guess_mapping(keys))
        title = " ".join(_value_text(record.get(m.title), fragments).split()) if m.title else ""
        body = _value_text(record.get(m.text), fragments) if m.text else ""
        if not title and not body:
            continue
        day = None
        if m.date is not None and (raw := record.get(m.date)) not in (None, ""):
            day = _value_date(raw, fragments)
            bad_dates += day is None
        outlet = " ".join(_value_text(record.get(m.source), fragments).split()) if m.source else ""
        url = _value_text(record.get(m.url), fragments).strip() if m.url else ""
        articles.append(
            Article(
                title=title,
                body=body.strip(),
                source=f"{name} ({outlet})" if outlet else name,
                published=day or published,
                url=url or None,
            )
        )
    if not articles:
        raise fail("reading.no_rows", name, unit=unit)
    if fragments.flattened:
        counts = {"count": fragments.flattened, "unit": unit}
        result.notes.append(messages.say("reading.note_flattened", name=quoted(name), **counts))
    if bad_dates:
        counts = {"count": bad_dates, "unit": unit}
        result.notes.append(messages.say("reading.note_bad_dates", name=quoted(name), **counts))
    return articles


def _value_text(value: Any, fragments: Fragments, depth: int = 0) -> str:
    """A JSON/CSV value as text: strings as they are (markup turned into text), numbers written
    out, lists of strings joined as paragraphs, objects by their text-like key."""
    if value is None or isinstance(value, bool) or depth > 3:
        return ""
    if isinstance(value, str):
        text = clean_text(value)
        return markup_to_text(text, fragments) if _MARKUP.search(text) else text
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = (_value_text(v, fragments, depth + 1) for v in value[:10000])
        return "\n\n".join(p for p in parts if p.strip())
    if isinstance(value, dict):
        for key in _VALUE_KEYS:
            if key in value:
                return _value_text(value[key], fragments, depth + 1)
    return ""


def _value_date(value: Any, fragments: Fragments) -> date | None:
    """A date from a record's value: text (ISO, RFC 2822, month names, unambiguous d/m/y), or a
    Unix time in seconds or milliseconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            number = float(value)
        except (ValueError, OverflowError):
            return None
        seconds = number / 1000 if number >= 1e11 else number
        if not 1e8 <= seconds < 5e9:
            return None
        return datetime.fromtimestamp(seconds, UTC).date()
    return parse_record_date(_value_text(value, fragments).strip())
