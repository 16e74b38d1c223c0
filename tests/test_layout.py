"""The shape of the package: module sizes, the import graph, and knowledge kept as data.

Each check prints its figures with ``-s``; the bounds are the issue's (800 lines a module, no
cycle, at most 150 lines of bare string literals) where they hold, and a ratchet at today's
figure where they do not yet (named in ``NOT_YET``), so no change can make them worse.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analytics"
MAX_LINES = 800
#: Modules kept out of a bound for now, and why (the lead merges other branches into them).
NOT_YET = {
}
#: Currency tables another branch replaces (counted apart, as the issue asks).
CURRENCY_MODULES = {"analytics/money.py", "analytics/_currencies.py"}
#: The extractor half: what the issue's refactor moved knowledge out of.
EXTRACTOR = ("analytics/extractor/", "analytics/knowledge/", "analytics/articles.py")


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_is_over_800_lines() -> None:
    sizes = {_rel(p): len(p.read_text("utf-8").splitlines()) for p in _modules().values()}
    over = {name: n for name, n in sizes.items() if n > MAX_LINES and name not in NOT_YET}
    assert not over
    assert sizes["analytics/extractor/pipeline.py"] <= MAX_LINES
    assert sizes["analytics/classify.py"] < 20  # a re-export, no longer 2,472 lines
    assert sizes["analytics/money.py"] <= MAX_LINES  # 845 before its patterns moved to data


def _runtime_imports(tree: ast.AST, modules: set[str]) -> set[str]:
    """Modules a file imports when it runs (function bodies included; ``TYPE_CHECKING``
    blocks are not run, so not counted)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from analytics import knowledge" imports the module analytics.knowledge; the
            # package's __init__ runs first for every submodule, which is no cycle of its own.
            subs = {f"{node.module}.{alias.name}" for alias in node.names}
            found.update(subs & modules)
            if subs - modules:
                found.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a submodule import counts for the module)."""
    modules = _modules()
    return {
        name: {
            m
            for m in _runtime_imports(ast.parse(path.read_text("utf-8")), set(modules))
            if m in modules
        }
        - {name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_cycle_finder_finds_a_cycle_through_a_function_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [{"a", "b", "c"}]
    tree = ast.parse("def f():\n    from analytics import store\nif TYPE_CHECKING:\n    import x\n")
    assert _runtime_imports(tree, {"analytics.store"}) == {"analytics.store"}


def test_no_import_cycle_among_analytics_modules() -> None:
    found = cycles(import_graph())
    assert not found, found  # imports inside functions count


def bare_string_lines(path: Path) -> int:
    """Lines that hold nothing but string literals (and commas, brackets or ``+``): word lists
    and patterns written as code. Docstrings are not counted."""
    source = path.read_text("utf-8")
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
    kinds: dict[int, set[str]] = {}
    strings = {tokenize.STRING}  # f-strings too, on Python 3.11
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip or tok.type == tokenize.ENDMARKER:
            continue
        if tok.type in strings:
            kind = "string"
        elif tok.type == tokenize.OP and tok.string in ",()[]{}+":
            kind = "punctuation"
        else:
            kind = "code"
        for line in range(tok.start[0], tok.end[0] + 1):
            kinds.setdefault(line, set()).add(kind)
    return sum(
        1 for n, k in kinds.items() if "string" in k and "code" not in k and n not in docstrings
    )


def test_bare_string_counter_counts_list_items_not_docstrings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Doc\nstring."""\nX = [\n    "a",\n    "b",\n]\nY = f(\n    r"c"\n)\n')
    assert bare_string_lines(module) == 3


def test_knowledge_is_data_not_python() -> None:
    counts = {_rel(p): bare_string_lines(p) for p in _modules().values()}
    extractor = sum(n for name, n in counts.items() if name.startswith(EXTRACTOR))
    currency = sum(counts[name] for name in CURRENCY_MODULES)
    rest = sum(counts.values()) - currency
    print(
        f"bare string lines: extractor half {extractor}, all but currency modules {rest}, "
        f"currency modules {currency}"
    )
    # 1,296 and 822 at 555530a; the extractor half's are regex pieces, its word lists are gone.
    # 199 at the refactor, 206 before the regexes moved to patterns/ and the date grammar to
    # knowledge/dates.yaml (30), the splitter's headline patterns to splitting.yaml (13), the
    # deal verbs and abbreviations to one table each: none
    assert extractor == 0
    # 620 before the story-currency, confidence and list modules, the upload journal (697) and
    # the review modules and money found in evaluate (822); 640 with the reader's messages and
    # tables and the date grammar as data (analytics/messages/, knowledge/reading_*.tsv,
    # knowledge/dates.yaml); 172 with the store's SQL, messages and tables as data (analytics/sql/,
    # messages.toml, tables.toml); 84 with every module's messages in a catalogue: a ceiling, so
    # none grows unseen; 68 with the deal verbs in one table; 5 with the store's schema and
    # summaries as data. With the currency modules, 10 lines in all: the bound is 150.
    assert rest <= 5
    assert rest + currency <= 150
    assert counts["analytics/extractor/context.py"] == 0
    # 97 when money.py wrote its patterns as code; they are knowledge/money.yaml now
    assert currency <= 10
