"""What the extractor knows, as data files, and the one loader that reads and checks them.

Every file of this folder is package data: word lists (``*.txt``: one entry a line, ``#``
comments), tables (``*.tsv``: a header row, ``#`` comments above it), the cue table
(``cues.yaml``: one row a cue, with the examples it must match and the counterexamples it must
not) and each extractor module's regexes (``patterns/{module}.yaml``: one named row a regex,
with its examples and counterexamples; a module asks ``regex(module, name)``). Everything is
read and checked once, at import; a bad entry raises ``KnowledgeError`` naming the file and
line. ``tests/test_knowledge.py`` runs every row's examples.

>>> "chief" in {w.lower() for w in words("role_words")}
True
>>> cues()[0].event_type, cues()[0].side
('valuation', 'after')
>>> regex("deals", "merge").search("Acme and Bolt to merge").group()
'to merge'
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


#: PyYAML's safe loader on libyaml's C parser where PyYAML was built with it: the same rows
#: ten times faster (the files here cost 0.1 s CPU at import with the pure-Python parser).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(SafeLoader):
    """A YAML loader that records where each mapping starts (as ``__line__``)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


_CUE_KEYS = set("type weight side reach pattern examples counterexamples origin note".split())


def _row_line(row: object, file: str, index: int, keys: set[str]) -> int:
    """A data file's row checked to be a mapping of known keys; its line in the file."""
    if not isinstance(row, dict):
        raise _fail(file, 0, f"row {index + 1} is not a mapping")
    line = row.pop("__line__")
    unknown = set(row) - keys
    if unknown:
        raise _fail(file, line, f"unknown keys {sorted(unknown)}")
    return line


def mapping_rows(file: str, keys: set[str]) -> list[tuple[dict, int]]:
    """The rows of a YAML file of this folder that is a list of mappings, each with the line it
    starts on; a row with a key not in ``keys``, a row that is no mapping, or a file that is no
    list raises a ``KnowledgeError`` naming the file and the line."""
    try:
        rows = yaml.load(_text(file), Loader=_LineLoader)  # a SafeLoader: no objects
    except yaml.YAMLError as err:
        raise KnowledgeError(f"analytics/knowledge/{file}: not YAML: {err}") from None
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise _fail(file, 1, "the file is not a list of rows")
    return [(row, _row_line(row, file, i, keys)) for i, row in enumerate(rows)]


def _cue(row: dict, file: str, line: int) -> Cue:
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
    return tuple(_cue(row, file, line) for row, line in mapping_rows(file, _CUE_KEYS))


#: What a legal suffix is dropped or read for (the yes/no columns of legal_suffixes.tsv).
LEGAL_SUFFIX_USES = ("names", "grouping", "company")


@cache
def legal_suffixes(use: str) -> tuple[str, ...]:
    """The legal suffixes of ``legal_suffixes.tsv`` marked yes for ``use``, as written, in file
    order ("Inc", "Inc.", "GmbH", ...)."""
    if use not in LEGAL_SUFFIX_USES:
        raise ValueError(f"use is one of {', '.join(LEGAL_SUFFIX_USES)}, not {use!r}")
    out = []
    for row in table("legal_suffixes"):
        flags = {u: row[u] for u in LEGAL_SUFFIX_USES}
        if set(flags.values()) - {"yes", "no"}:
            raise KnowledgeError(f"analytics/knowledge/legal_suffixes.tsv: yes or no in {row}")
        if flags[use] == "yes":
            out.append(row["suffix"])
    return tuple(out)


def legal_suffix_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The suffixes marked for grouping as grouping reads a name (lower case, punctuation as
    spaces): the one-word ones ("gmbh"), and the dotted ones that make several ("s", "p", "a")."""
    suffixes = legal_suffixes("grouping")
    words = [tuple(re.sub(r"[^\w]+", " ", s.casefold()).split()) for s in suffixes]
    several = tuple(dict.fromkeys(w for w in words if len(w) > 1))
    return frozenset(w[0] for w in words if len(w) == 1), several


#: What an abbreviation is read for (the yes/no columns of abbreviations.tsv).
ABBREVIATION_USES = ("sentence", "name", "headline")


@cache
def abbreviations(use: str) -> frozenset[str]:
    """The abbreviations of ``abbreviations.tsv`` marked yes for ``use``, in the form its module
    reads: "sentence" lower case without the last full stop ("inc"), "name" as written without
    it ("Inc"), "headline" lower case with it ("inc.")."""
    if use not in ABBREVIATION_USES:
        raise ValueError(f"use is one of {', '.join(ABBREVIATION_USES)}, not {use!r}")
    out = set()
    for row in table("abbreviations"):
        written = row["abbreviation"]
        if not written.endswith(".") or set(row.values()) - {written, "yes", "no"}:
            raise KnowledgeError(f"analytics/knowledge/abbreviations.tsv: bad row {row}")
        if row[use] == "yes":
            form = written if use == "headline" else written[:-1]
            out.add(form if use == "name" else form.lower())
    return frozenset(out)


#: How a pattern row's examples are tried (what its module does with it).
PATTERN_USES = ("search", "match", "fullmatch")
_PATTERN_KEYS = set(
    "name pattern pieces flags use slots example_slots examples counterexamples note".split()
)
_FLAGS = {"i": re.IGNORECASE, "x": re.VERBOSE, "m": re.MULTILINE, "s": re.DOTALL}
#: ``{name}`` in a pattern: another row of the file, or a slot its module fills.
_SLOT_RE = re.compile(r"(?<!\\)\{([a-z_]+)\}")


@dataclass(frozen=True)
class Pattern:
    """A named regex of a module's patterns file, with what it must and must not match."""

    file: str  # "patterns/parties.yaml"
    name: str
    source: str  # as written, ``{row}`` and ``{slot}`` references not yet filled
    flags: int
    use: str  # search, match or fullmatch: how the module applies it
    slots: tuple[str, ...]  # filled by the module (``regex(..., slot=...)``)
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    line: int
    #: The slots' fillings the examples are tried with, for a row whose slots are what it
    #: matches (a cue's pattern); without them, with every filling its module compiled.
    example_slots: tuple[tuple[str, str], ...] = ()


def _pattern_row(row: object, file: str, index: int) -> Pattern:
    line = _row_line(row, file, index, _PATTERN_KEYS)
    name = row.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise _fail(file, line, f"name {name!r} is not a lower-case identifier")
    pattern, pieces = row.get("pattern"), row.get("pieces")
    if (pattern is None) == (pieces is None):
        raise _fail(file, line, f"{name}: give either pattern or pieces")
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern):
        pattern = "|".join(pattern)  # alternatives, as in cues.yaml
    if isinstance(pieces, list) and pieces and all(isinstance(p, str) for p in pieces):
        pattern = "".join(pieces)  # one regex written over several lines
    if not isinstance(pattern, str) or not pattern:
        raise _fail(file, line, f"{name}: pattern is not a regex, a list of alternatives or pieces")
    flags = 0
    for letter in str(row.get("flags", "")):
        if letter not in _FLAGS:
            raise _fail(file, line, f"{name}: flag {letter!r} is none of {''.join(_FLAGS)}")
        flags |= _FLAGS[letter]
    use = row.get("use", "search")
    if use not in PATTERN_USES:
        raise _fail(file, line, f"{name}: use {use!r} is none of {', '.join(PATTERN_USES)}")
    slots = row.get("slots", [])
    if not isinstance(slots, list) or not all(isinstance(s, str) for s in slots):
        raise _fail(file, line, f"{name}: slots must be a list of names")
    example_slots = row.get("example_slots", {})
    if isinstance(example_slots, dict):
        example_slots.pop("__line__", None)  # the loader marks every mapping
    if not isinstance(example_slots, dict) or (example_slots and set(example_slots) != set(slots)):
        raise _fail(file, line, f"{name}: example_slots must fill every slot {slots}")
    phrases: dict[str, tuple[str, ...]] = {}
    for key in ("examples", "counterexamples"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(file, line, f"{name}: {key} must be a list of texts")
        phrases[key] = tuple(value)
    if not phrases["examples"]:
        raise _fail(file, line, f"{name}: a pattern needs at least one example")
    return Pattern(
        file,
        name,
        pattern,
        flags,
        use,
        tuple(slots),
        phrases["examples"],
        phrases["counterexamples"],
        line,
        tuple((str(k), str(v)) for k, v in example_slots.items()),
    )


def _fill(rows: dict[str, Pattern], name: str, slots: dict[str, str], seen: tuple[str, ...]) -> str:
    """A row's source with every ``{row}`` reference and ``{slot}`` filled in."""
    row = rows[name]

    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref in row.slots:
            if ref not in slots:
                raise _fail(row.file, row.line, f"{name}: slot {{{ref}}} not filled")
            return slots[ref]
        if ref not in rows:
            raise _fail(row.file, row.line, f"{name}: {{{ref}}} is no row nor slot")
        if ref in seen:
            raise _fail(row.file, row.line, f"{name}: {{{ref}}} refers back to itself")
        return _fill(rows, ref, slots, (*seen, ref))

    return _SLOT_RE.sub(one, row.source)


@cache
def patterns(module: str) -> dict[str, Pattern]:
    """The rows of ``patterns/{module}.yaml`` by name, each checked: it compiles (its slots
    filled with a placeholder) and every reference names a row of the file or a slot."""
    file = f"patterns/{module}.yaml"
    try:
        raw = yaml.load(_text(file), Loader=_LineLoader)  # a SafeLoader: no objects
    except yaml.YAMLError as err:
        raise KnowledgeError(f"analytics/knowledge/{file}: not YAML: {err}") from None
    if not isinstance(raw, list):
        raise _fail(file, 1, "the file is not a list of patterns")
    rows: dict[str, Pattern] = {}
    for i, item in enumerate(raw):
        row = _pattern_row(item, file, i)
        if row.name in rows:
            raise _fail(file, row.line, f"{row.name} again (first on line {rows[row.name].line})")
        rows[row.name] = row
    for row in rows.values():
        source = _fill(rows, row.name, dict.fromkeys(row.slots, "x"), (row.name,))
        try:
            re.compile(source, row.flags)
        except re.error as err:
            raise _fail(file, row.line, f"{row.name}: pattern does not compile: {err}") from None
    return rows


#: Every regex ``regex`` compiled, by (module, row): what tests/test_knowledge.py checks.
COMPILED: dict[tuple[str, str], list[re.Pattern[str]]] = {}
#: Every source ``pattern`` gave, slots filled, by (module, row): checked the same way.
FILLED: dict[tuple[str, str], list[str]] = {}


def pattern(module: str, name: str, /, **slots: str) -> str:
    """The source of row ``name`` of ``patterns/{module}.yaml``, references and slots filled."""
    rows = patterns(module)
    if name not in rows:
        raise KnowledgeError(f"analytics/knowledge/patterns/{module}.yaml: no row {name!r}")
    source = _fill(rows, name, slots, (name,))
    FILLED.setdefault((module, name), []).append(source)
    return source


def regex(module: str, name: str, /, flags: int = 0, **slots: str) -> re.Pattern[str]:
    """Row ``name`` of ``patterns/{module}.yaml`` compiled with its flags (and ``flags``)."""
    compiled = re.compile(pattern(module, name, **slots), patterns(module)[name].flags | flags)
    COMPILED.setdefault((module, name), []).append(compiled)
    return compiled


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

#: The modules with a patterns file (``patterns/{module}.yaml``).
PATTERN_FILES = sorted(
    p.name[:-5]
    for p in resources.files(__name__).joinpath("patterns").iterdir()
    if p.name.endswith(".yaml")
)

for _file in FILES:
    (words if _file.endswith(".txt") else table)(_file[:-4])
for _module in PATTERN_FILES:
    patterns(_module)
for _use in LEGAL_SUFFIX_USES:
    legal_suffixes(_use)
for _use in ABBREVIATION_USES:
    abbreviations(_use)
months()
cues()


@cache
def document(name: str) -> dict:
    """The YAML mapping of ``{name}.yaml`` (safe loading; a file that is not a YAML mapping raises
    ``KnowledgeError`` naming it). Its readers check its keys."""
    file = f"{name}.yaml"
    try:
        data = yaml.load(_text(file), Loader=SafeLoader)
    except OSError as err:
        raise KnowledgeError(f"analytics/knowledge/{file}: cannot be read: {err}") from None
    except (yaml.YAMLError, ValueError) as err:  # ValueError: a date that does not exist
        raise KnowledgeError(f"analytics/knowledge/{file}: not YAML: {err}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(f"analytics/knowledge/{file}: not a mapping of sections")
    return data
