"""SQL statements and constant tables, kept as package data.

- ``analytics/sql/*.sql``: one named statement a file (the file name is its name); a leading
  ``--`` comment is its doc. ``{placeholders}`` are filled by the caller with ``str.format``
  (relation names, clauses built by ``analytics.filters``); values are always parameters.
  ``analytics/sql/aggregates/*.sql`` are the dashboard's aggregates, read as one group.
- ``analytics/tables.toml``: constant tables (column lists, states, word lists, sort orders).

Each file is read once, on first use; ``tests/test_catalogue.py`` checks that every name the
code asks for exists and that every entry is asked for somewhere. What a user is told is not
here: every message is in the one catalogue, ``analytics/messages/`` (``messages.say``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_PACKAGE = "analytics"
_COMMENT = re.compile(r"\A(?:[ \t]*--[^\n]*\n)+")


@dataclass(frozen=True)
class Statement:
    """A named SQL statement: its doc (the leading comment) and its text."""

    name: str
    doc: str
    text: str


@cache
def statements() -> dict[str, Statement]:
    """Every statement of ``analytics/sql`` by name (``aggregates/headline`` for a subfolder's)."""
    root = resources.files(_PACKAGE).joinpath("sql")
    found: dict[str, Statement] = {}

    def walk(folder: Any, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".sql"):
                source = entry.read_text("utf-8")
                head = _COMMENT.match(source)
                doc = head.group(0) if head else ""
                lines = (line.strip().removeprefix("--").strip() for line in doc.splitlines())
                name = prefix + entry.name.removesuffix(".sql")
                text = source[len(doc) :].strip()
                if not text:
                    raise ValueError(f"analytics/sql/{name}.sql holds no statement")
                found[name] = Statement(name, " ".join(lines), text)

    walk(root, "")
    return found


def sql(name: str) -> str:
    """The text of the statement ``name`` (a KeyError names a missing one)."""
    try:
        return statements()[name].text
    except KeyError:
        raise KeyError(f"no SQL statement {name!r} in analytics/sql") from None


def sql_group(folder: str) -> dict[str, Statement]:
    """The statements of one subfolder of ``analytics/sql``, by their name in it, in name order."""
    prefix = f"{folder}/"
    return {
        name.removeprefix(prefix): s for name, s in statements().items() if name.startswith(prefix)
    }


@cache
def tables() -> dict[str, Any]:
    """The constant tables of ``analytics/tables.toml``, by section."""
    text = resources.files(_PACKAGE).joinpath("tables.toml").read_text("utf-8")
    return tomllib.loads(text)


def table(section: str, name: str) -> Any:
    """One constant table: ``table("uploads", "states")``."""
    try:
        return tables()[section][name]
    except KeyError:
        raise KeyError(f"no table {section}.{name} in analytics/tables.toml") from None
