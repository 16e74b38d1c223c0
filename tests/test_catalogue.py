"""The store's SQL, messages and constant tables kept as package data: each name the code asks
for exists, each entry is asked for somewhere, each message is given exactly its placeholders,
and every data file ships with the package."""

from __future__ import annotations

import ast
import fnmatch
import string
import tomllib
from pathlib import Path

import pytest

from analytics import catalogue

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analytics"
SOURCES = [*sorted(PACKAGE.rglob("*.py")), ROOT / "app.py"]


def _calls(function: str) -> list[tuple[str, ast.Call]]:
    """Every call of ``function`` (by name) in the package and app.py, with where it is."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name == function:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _literals(node: ast.AST) -> set[str]:
    """The string constants of an expression (both branches of ``a if c else b``)."""
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_every_named_statement_exists_and_is_used() -> None:
    statements = catalogue.statements()
    asked = {name for _where, call in _calls("sql") for name in _literals(call.args[0])}
    groups = {name for _where, call in _calls("sql_group") for name in _literals(call.args[0])}
    assert asked, "no sql() call found"
    assert asked - set(statements) == set()
    in_group = {n for n in statements if n.split("/")[0] in groups and "/" in n}
    assert set(statements) - asked - in_group == set()
    assert groups == {"aggregates"}
    assert len(catalogue.sql_group("aggregates")) == 7


def test_each_statement_has_a_doc_and_text() -> None:
    for statement in catalogue.statements().values():
        assert statement.doc, statement.name
        assert statement.text and not statement.text.startswith("--"), statement.name


def test_every_message_exists_is_used_and_gets_its_placeholders() -> None:
    templates = catalogue.messages()
    used: set[str] = set()
    for where, call in _calls("message"):
        names = _literals(call.args[0])
        assert names, f"{where}: a message is named by a literal"
        given = {k.arg for k in call.keywords}
        for name in names:
            assert name in templates, f"{where}: no message {name!r}"
            wanted = {f for _t, f, _s, _c in string.Formatter().parse(templates[name]) if f}
            assert given == wanted, f"{where}: {name} takes {sorted(wanted)}, given {sorted(given)}"
        used |= names
    assert set(templates) - used == set()


def test_every_constant_table_is_used() -> None:
    asked = set()
    for where, call in _calls("table"):
        if len(call.args) == 2 and all(isinstance(a, ast.Constant) for a in call.args):
            asked.add((call.args[0].value, call.args[1].value))
        elif "catalogue" not in where:
            assert len(call.args) != 2, f"{where}: a table is named by literals"
    kept = {(s, n) for s, entries in catalogue.tables().items() for n in entries}
    assert kept - asked == set()
    assert asked - kept == set()


def test_missing_names_are_named() -> None:
    with pytest.raises(KeyError, match="no SQL statement 'no_such'"):
        catalogue.sql("no_such")
    with pytest.raises(KeyError, match=r"no message 'store\.no_such'"):
        catalogue.message("store.no_such")
    with pytest.raises(KeyError, match=r"no table store\.no_such"):
        catalogue.table("store", "no_such")


def test_messages_read_as_written() -> None:
    assert catalogue.message("check.no_store", path="/x/dealscope.duckdb") == (
        "no store at /x/dealscope.duckdb: nothing to check"
    )
    # a message wrapped over lines in the file reads as one line, single spaces
    text = catalogue.message("uploads.nul_in_name")
    assert "\n" not in text and "  " not in text
    assert text.startswith("its name holds a NUL byte, which no real file name has (a hand-made")
    assert catalogue.message("store.cut_off", actual=1000, expected=12288) == (
        "the file is cut off: 1,000 bytes of the 12,288 its header lists"
    )


def test_every_data_file_ships_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["analytics"]
    data = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert "sql/aggregates/headline.sql" in data and "messages.toml" in data
    missing = [f for f in data if not any(fnmatch.fnmatchcase(f, g) for g in globs)]
    assert missing == []
