"""The store's SQL and constant tables kept as package data: each name the code asks for exists
and each entry is asked for somewhere. Messages, the store's too, are checked with the one
catalogue in tests/test_messages.py, as is that every data file ships with the package."""

from __future__ import annotations

import ast
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
    with pytest.raises(KeyError, match=r"no table store\.no_such"):
        catalogue.table("store", "no_such")
