"""The one message catalogue (``analytics/messages/*.toml``, the store's and the reader's alike):
every key the code names exists, every key is named somewhere, calls fill exactly a message's
placeholders, bad entries are refused with the file named, and every data file of the package
ships with it."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

from analytics import messages
from analytics.reading import decoding

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analytics"
SOURCES = [*sorted(PACKAGE.rglob("*.py")), ROOT / "app.py"]
#: Functions whose first argument is a message key.
KEYED = {"say", "text", "fail", "placeholders", "section", "_error"}
#: Of these, the ones that fill a message's placeholders from their keywords.
FILLING = {"say", "_error"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _keys(arg: ast.expr) -> list[str]:
    """The keys a first argument names: a literal, or each branch of ``"a" if c else "b"``."""
    if isinstance(arg, ast.IfExp):
        return _keys(arg.body) + _keys(arg.orelse)
    return [arg.value] if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else []


def _calls() -> list[tuple[str, int, str, ast.Call]]:
    """(file, line, key, call) for every call of a keyed function with a literal first argument
    (one entry for each branch of a conditional one), in the package and app.py."""
    out = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not node.args or _name(node) not in KEYED:
                continue
            for key in _keys(node.args[0]):
                if "." in key:
                    out.append((path.relative_to(ROOT).as_posix(), node.lineno, key, node))
    return out


def _string_constants() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_key_the_code_names_exists() -> None:
    calls = _calls()
    assert len(calls) > 50  # the scan finds the calls (reading alone makes over 50)
    # the store's modules name theirs too, a conditional key by both branches
    named = {key for _, _, key, _ in calls}
    assert {"store.damaged", "check.sound", "summary.all_stored", "summary.all_stored_one"} <= named
    catalogue = messages.catalogue()
    missing = [
        (f, line, key)
        for f, line, key, call in calls
        if key not in catalogue and not (_name(call) == "section" and messages.section(key))
    ]
    assert not missing


def test_every_key_is_used() -> None:
    used = _string_constants() | {sig.advice for sig in decoding.SIGNATURES}
    sections = tuple(f"{key}." for _, _, key, call in _calls() if _name(call) == "section")
    unused = sorted(k for k in set(messages.catalogue()) - used if not k.startswith(sections))
    assert not unused, f"messages no code names: {unused}"


def test_calls_fill_exactly_the_placeholders() -> None:
    checked = 0
    for file, line, key, call in _calls():
        if any(k.arg is None for k in call.keywords):  # **values: not known statically
            continue
        given = {k.arg for k in call.keywords}
        if _name(call) == "fail":
            given.add("name")  # fail fills the file's name
        elif _name(call) not in FILLING:
            continue
        assert given == messages.placeholders(key), f"{file}:{line} {key}"
        checked += 1
    assert checked > 30


def test_the_store_messages_read_as_before() -> None:
    """The store's messages came from a file whose loader collapsed whitespace: they read as one
    line with single spaces, exactly as users saw them."""
    assert messages.say("check.no_store", path="/x/dealscope.duckdb") == (
        "no store at /x/dealscope.duckdb: nothing to check"
    )
    text = messages.text("uploads.nul_in_name")
    assert text == (
        "its name holds a NUL byte, which no real file name has (a hand-made request or a broken "
        "tool sent it): rename the file and upload it again"
    )
    assert messages.say("store.cut_off", actual=1000, expected=12288) == (
        "the file is cut off: 1,000 bytes of the 12,288 its header lists"
    )
    damaged = messages.say("store.damaged", path="/d/s.duckdb", detail="x", env="E", folder="/d")
    assert damaged == (
        "the store /d/s.duckdb is damaged and cannot be read (x). Nothing was written to it. "
        "Restore a copy of the file, or choose another data directory (--data-dir or E); "
        "`python -m analytics check --data-dir /d` says whether a store is sound."
    )
    for key, text in messages.catalogue().items():
        if key.split(".")[0] in ("store", "check", "uploads", "summary"):
            assert "\n" not in text and "  " not in text, key


def test_say_fills_a_message() -> None:
    assert messages.say("reading.zip_too_many", name="“a.zip”", count=1200, limit=1000) == (
        "“a.zip” holds 1,200 entries, more than the 1,000 allowed in one archive: split it into "
        "smaller archives."
    )
    assert messages.placeholders("reading.not_utf8") == {"name", "byte", "offset"}
    with pytest.raises(messages.MessageError, match=r"no message 'reading\.nope'"):
        messages.text("reading.nope")


def test_bad_entries_name_the_file() -> None:
    with pytest.raises(messages.MessageError, match=r"messages/x\.toml: 'a' is not a message"):
        messages._entries({"a": 3}, "x", "x.toml")
    with pytest.raises(messages.MessageError, match=r"messages/x\.toml: 'b'"):
        messages._entries({"b": "{name"}, "x", "x.toml")
    assert messages._entries({"s": {"k": "v {n}"}}, "x", "x.toml") == {"x.s.k": "v {n}"}


def test_every_data_file_ships_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["analytics"]
    data = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert "messages/store.toml" in data and "sql/aggregates/headline.sql" in data
    assert "messages.toml" not in data  # one catalogue: the store's messages are in messages/
    unshipped = [d for d in data if not any(fnmatch.fnmatch(d, pat) for pat in patterns)]
    assert not unshipped
