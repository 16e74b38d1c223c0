"""Byte-compare ``python -m analytics extract`` output with a reference revision's.

    python benchmarks/compare_extraction.py --save DIR        # write this checkout's outputs
    python benchmarks/compare_extraction.py --against DIR     # compare this checkout with DIR
    python benchmarks/compare_extraction.py --rev 555530a     # compare with a revision's outputs

The inputs are the seed file (``../shared/seed/*.txt`` where present), every story file of
``data/`` and of every ``tests/fixtures/*`` folder (gold files, README.md and SOURCES.md aside).
Each file is extracted on its own, as ``python -m analytics extract --format jsonl FILE`` and as
``--format csv``, in one process (the CLI's own ``main``), so a refactor can be checked file by
file. ``--rev`` exports the revision with ``git archive`` into a temporary folder (no git state
is touched) and runs this script there with ``--save``. Exits 1 when any output differs, naming
the files.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORY_EXTENSIONS = ("txt", "md", "html", "json", "jsonl", "csv")
NOT_STORIES = {"README.md", "SOURCES.md", "gold.jsonl", "seed_gold.jsonl", "ANNOTATION.md"}


def input_files(root: Path) -> list[Path]:
    """Every story file the comparison covers, relative to ``root``, in a fixed order."""
    folders = [root.parent / "shared" / "seed", Path("/work/shared/seed"), root / "data"]
    folders += sorted(p for p in (root / "tests" / "fixtures").iterdir() if p.is_dir())
    seen: set[Path] = set()
    files: list[Path] = []
    for folder in folders:
        if not folder.is_dir() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        found = [p for ext in STORY_EXTENSIONS for p in folder.glob(f"*.{ext}")]
        files += sorted(p for p in found if p.name not in NOT_STORIES and "gold" not in p.name)
    return files


def key_of(path: Path, root: Path) -> str:
    """A flat, stable name for a file's outputs (folder and file name)."""
    return f"{path.parent.name}__{path.name}"


def run_cli(args: list[str]) -> bytes:
    """What ``python -m analytics ARGS`` writes to stdout (plus its exit code and stderr)."""
    from analytics.cli import main

    out = io.BytesIO()
    err = io.StringIO()
    wrapper = io.TextIOWrapper(out, encoding="utf-8")
    old = sys.stdout
    sys.stdout = wrapper
    try:
        with contextlib.redirect_stderr(err):
            code = main(args)
        wrapper.flush()
    finally:
        sys.stdout = old
    return out.getvalue() + f"\n#exit {code}\n#stderr {err.getvalue()}".encode()


def save(out_dir: Path, root: Path) -> int:
    """Write every file's jsonl and csv output under ``out_dir``; return how many files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = input_files(root)
    for path in files:
        for fmt in ("jsonl", "csv"):
            data = run_cli(["extract", "--format", fmt, str(path)])
            (out_dir / f"{key_of(path, root)}.{fmt}").write_bytes(data)
    return len(files)


def compare(reference: Path, root: Path) -> int:
    """Compare this checkout's outputs with ``reference``; print the differences; exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        n = save(Path(tmp), root)
        ours = {p.name: p.read_bytes() for p in Path(tmp).iterdir()}
    theirs = {p.name: p.read_bytes() for p in reference.iterdir()}
    differ = sorted(k for k in ours.keys() & theirs.keys() if ours[k] != theirs[k])
    only = sorted(ours.keys() ^ theirs.keys())
    digest = hashlib.sha256(b"".join(ours[k] for k in sorted(ours))).hexdigest()[:16]
    rows = sum(v.count(b"\n") - 2 for k, v in ours.items() if k.endswith(".jsonl"))
    print(f"{n} input files, {len(ours)} outputs, {rows} jsonl rows, sha256 {digest}")
    for name in differ:
        print(f"DIFFERS: {name}")
    for name in only:
        print(f"ONLY ONE SIDE: {name}")
    if differ or only:
        print(f"summary: {len(differ)} outputs differ, {len(only)} on one side only")
        return 1
    print("summary: byte-identical")
    return 0


def from_revision(rev: str) -> Path:
    """Outputs of git revision ``rev`` (cached under the temp folder by the commit's hash)."""
    commit = subprocess.run(
        ["git", "rev-parse", rev], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    base = Path(tempfile.gettempdir()) / "dealscope-compare" / commit
    out_dir = base / "outputs"
    if (base / "done").exists():
        return out_dir
    tree = base / "tree"
    tree.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            *("--save", str(out_dir)),
            *("--root", str(ROOT)),
        ],
        cwd=tree,
        env=env,
        check=True,
    )
    (base / "done").write_text(commit)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", metavar="DIR", help="write this checkout's outputs to DIR")
    group.add_argument("--against", metavar="DIR", help="compare with outputs saved in DIR")
    group.add_argument("--rev", metavar="REV", help="compare with a git revision's outputs")
    parser.add_argument("--root", default=str(ROOT), help="where the input files are")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.save:
        print(f"{save(Path(args.save), root)} input files saved to {args.save}")
        return 0
    reference = Path(args.against) if args.against else from_revision(args.rev)
    return compare(reference, root)


if __name__ == "__main__":
    sys.path.insert(0, os.environ.get("PYTHONPATH") or str(ROOT))
    sys.exit(main())
