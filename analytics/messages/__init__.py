"""What Dealscope says to people, as data: one catalogue of messages by key, read once.

Each ``*.toml`` file of this folder is one area (``reading.toml`` holds the file reader's
messages, keyed ``reading.<name>``); a value is a message with ``{placeholders}`` filled by
``say(key, **values)``. The loader checks every file on first use: a value that is not text, or
whose placeholders do not parse, raises ``MessageError`` naming the file and key.
``tests/test_messages.py`` checks that every key the code names exists and every key is named.

>>> say("reading.empty", name="“a.txt”")
'“a.txt” is empty (0 bytes): choose a file that contains article text.'
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any


class MessageError(ValueError):
    """A bad catalogue entry, or a key the catalogue lacks."""


def _entries(table: dict[str, Any], prefix: str, file: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):  # a [section]: its keys are name.section.key
            out.update(_entries(value, name, file))
            continue
        if not isinstance(value, str) or not value:
            raise MessageError(f"analytics/messages/{file}: {key!r} is not a message")
        try:
            list(string.Formatter().parse(value))
        except ValueError as err:
            raise MessageError(f"analytics/messages/{file}: {key!r}: {err}") from None
        out[name] = value
    return out


@cache
def catalogue() -> dict[str, str]:
    """Every message by its full key (``area.name``)."""
    out: dict[str, str] = {}
    for path in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".toml"):
            continue
        try:
            table = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise MessageError(f"analytics/messages/{path.name}: not TOML: {err}") from None
        out.update(_entries(table, path.name.removesuffix(".toml"), path.name))
    return out


def text(key: str) -> str:
    """The message ``key`` as written (placeholders unfilled)."""
    try:
        return catalogue()[key]
    except KeyError:
        raise MessageError(f"no message {key!r} in analytics/messages/") from None


def say(key: str, **values: Any) -> str:
    """The message ``key`` with its placeholders filled from ``values``."""
    return text(key).format(**values)


def placeholders(key: str) -> set[str]:
    """The names of the placeholders of message ``key``."""
    fields = (field for _, field, _, _ in string.Formatter().parse(text(key)) if field)
    return {field.split(".")[0].split("[")[0] for field in fields}


def section(prefix: str) -> dict[str, str]:
    """The messages under ``prefix`` (a TOML table), by their last key, in file order.

    >>> list(section("display.columns.reports"))[:3]
    ['amount_text', 'usd', 'source']
    """
    start = prefix + "."
    out = {k[len(start) :]: v for k, v in catalogue().items() if k.startswith(start)}
    if not out:
        raise MessageError(f"no messages under {prefix!r} in analytics/messages/")
    return out
