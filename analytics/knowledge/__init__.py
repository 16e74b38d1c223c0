"""What the extractor knows, as data files, and the one loader that reads and checks them.

Every file of this folder is package data: word lists (``*.txt``: one entry a line, ``#``
comments), tables (``*.tsv``: a header row, ``#`` comments above it) and the cue table
(``cues.yaml``: one row a cue, with the examples it must match and the counterexamples it must
not). Everything is read and checked once, at import; a bad entry raises ``KnowledgeError``
naming the file and line. ``tests/test_knowledge.py`` runs every row's examples.

>>> "chief" in {w.lower() for w in words("role_words")}
True
>>> cues()[0].event_type, cues()[0].side
('valuation', 'after')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from analytics.schema import EVENT_TYPES

#: The event types a cue may point to.
CUE_TYPES = EVENT_TYPES
#: The amount's place in a cue's example.
AMOUNT = "{}"


class KnowledgeError(ValueError):
    """A bad entry in a knowledge file: the message names the file and line."""


@dataclass(frozen=True)
class Cue:
    """A word or phrase that points to an event type when it stands near an amount."""

    event_type: str
    pattern: str
    weight: float
    side: str  # "before" or "after" the amount
    reach: int | None = None  # how many words may stand between the cue and the amount
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    origin: str = ""
    line: int = 0  # where the row starts in cues.yaml


def _text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def _fail(name: str, line: int, message: str) -> KnowledgeError:
    return KnowledgeError(f"analytics/knowledge/{name}:{line}: {message}")


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``{name}.txt`` as written (blank lines and ``#`` comments skipped)."""
    file = f"{name}.txt"
    seen: dict[str, int] = {}
    for number, raw in enumerate(_text(file).splitlines(), 1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry != raw:
            raise _fail(file, number, f"space around {entry!r}")
        if entry in seen:
            raise _fail(file, number, f"{entry!r} again (first on line {seen[entry]})")
        seen[entry] = number
    return frozenset(seen)


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``{name}.tsv`` as dicts by the header's column names (every cell filled)."""
    file = f"{name}.tsv"
    header: list[str] | None = None
    rows = []
    for number, raw in enumerate(_text(file).splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header) or not all(c.strip() for c in cells):
            raise _fail(file, number, f"needs {len(header)} filled cells ({', '.join(header)})")
        rows.append(dict(zip(header, cells, strict=True)))
    return tuple(rows)


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records where each mapping starts (as ``__line__``)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


_CUE_KEYS = set("type weight side reach pattern examples counterexamples origin note".split())


def _cue(row: object, file: str, index: int) -> Cue:
    if not isinstance(row, dict):
        raise _fail(file, 0, f"row {index + 1} is not a mapping")
    line = row.pop("__line__")
    unknown = set(row) - _CUE_KEYS
    if unknown:
        raise _fail(file, line, f"unknown keys {sorted(unknown)}")
    event_type, weight, side = row.get("type"), row.get("weight"), row.get("side")
    if event_type not in CUE_TYPES:
        raise _fail(file, line, f"type {event_type!r} is none of {', '.join(CUE_TYPES)}")
    if not isinstance(weight, int | float) or not 0 < weight <= 3:
        raise _fail(file, line, f"weight {weight!r} is not a number in (0, 3]")
    if side not in ("before", "after"):
        raise _fail(file, line, f"side {side!r} is neither before nor after")
    reach = row.get("reach")
    if reach is not None and (not isinstance(reach, int) or reach < 0):
        raise _fail(file, line, f"reach {reach!r} is not a whole number of words")
    pattern = row.get("pattern")
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern):
        pattern = "|".join(pattern)
    if not isinstance(pattern, str) or not pattern:
        raise _fail(file, line, "pattern is not a regex or a list of alternatives")
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise _fail(file, line, f"pattern does not compile: {err}") from None
    phrases: dict[str, tuple[str, ...]] = {}
    for key in ("examples", "counterexamples"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v.count(AMOUNT) == 1 for v in value
        ):
            raise _fail(file, line, f"{key} must be a list of phrases, each with one {AMOUNT}")
        phrases[key] = tuple(value)
    if not phrases["examples"]:
        raise _fail(file, line, "a cue needs at least one example")
    origin = row.get("origin")
    if not isinstance(origin, str) or not origin:
        raise _fail(file, line, "origin is missing")
    return Cue(
        event_type,
        pattern,
        float(weight),
        side,
        reach,
        phrases["examples"],
        phrases["counterexamples"],
        origin,
        line,
    )


@cache
def cues() -> tuple[Cue, ...]:
    """The cue table of ``cues.yaml``, in file order (the order ties are broken in)."""
    file = "cues.yaml"
    try:
        rows = yaml.load(_text(file), Loader=_LineLoader)  # a SafeLoader: no objects
    except yaml.YAMLError as err:
        raise KnowledgeError(f"analytics/knowledge/{file}: not YAML: {err}") from None
    if not isinstance(rows, list):
        raise _fail(file, 1, "the file is not a list of cues")
    return tuple(_cue(row, file, i) for i, row in enumerate(rows))


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations (lower case) and their numbers, in file order."""
    out: dict[str, int] = {}
    for row in table("months"):
        number = int(row["month"]) if row["month"].isdigit() else 0
        if not 1 <= number <= 12:
            raise KnowledgeError(f"analytics/knowledge/months.tsv: bad month in {row}")
        out[row["name"]] = number
    return out


#: Every word list and table of the folder, read (and so checked) at import.
FILES = sorted(
    p.name for p in resources.files(__name__).iterdir() if p.name.endswith((".txt", ".tsv"))
)

for _file in FILES:
    (words if _file.endswith(".txt") else table)(_file[:-4])
months()
cues()


@cache
def document(name: str) -> dict:
    """The YAML mapping of ``{name}.yaml`` (safe loading; a file that is not a YAML mapping raises
    ``KnowledgeError`` naming it). Its readers check its keys."""
    file = f"{name}.yaml"
    try:
        data = yaml.safe_load(_text(file))
    except OSError as err:
        raise KnowledgeError(f"analytics/knowledge/{file}: cannot be read: {err}") from None
    except (yaml.YAMLError, ValueError) as err:  # ValueError: a date that does not exist
        raise KnowledgeError(f"analytics/knowledge/{file}: not YAML: {err}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(f"analytics/knowledge/{file}: not a mapping of sections")
    return data
