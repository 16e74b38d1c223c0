"""Rules or a model, on sets neither was tuned on: the rules as they were when each real-news set
was first scored (blind), against a model trained on every other set.

``python -m analytics learn`` leaves one set out for the model, but the rules it compares with
were tuned on every set since, the held-out one included: it flatters the rules. Here each
``real_*`` set is read by the extractor of the commit its blind first score was measured at
(``git archive`` of ``analytics/`` into a temporary folder, run in a subprocess), so the rules'
figures are their blind ones; the model (``analytics.learned``, trained on today's rows of every
other set) then types those same rows. Money found, companies and rows are the old extractor's
for all three ways: only the type differs.

    python benchmarks/learned_blind.py

Needs git and the repository's history; prints one line a set, the pooled figures and a
``summary:`` line.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import learned  # noqa: E402
from analytics.evaluate import TypeScore, score  # noqa: E402
from analytics.gold_sets import load_registry  # noqa: E402

#: The commit each real-news set was first scored at, as its commit message records it
#: (d11bb36, 48495ed and 5e7224b added the sets).
BLIND_AT = {
    "b384777": (
        "real_funding",
        "real_fines",
        "real_acquisitions",
        "real_roundups",
        "real_regional",
    ),
    "c75f808": ("real_mixed1", "real_mixed2"),
    "07ba6a9": ("real_mixed3", "real_mixed4"),
    "9376ff8": ("real_mixed5", "real_mixed6"),
    "364fa93": ("real_mixed7", "real_mixed8"),
    "102f810": ("real_mixed9", "real_mixed10"),
    "115eca7": ("real_mixed11", "real_mixed12"),
    "ac6de67": ("real_mixed13", "real_mixed14"),
    "bf37f64": ("real_mixed15", "real_mixed16"),
    "65f66a6": ("real_mixed17",),
    "66010c3": ("real_mixed18",),
    "d691f6e": ("real_mixed19", "real_mixed20"),
}

_EXTRACT = """
import pickle, sys
from pathlib import Path
from analytics.extract import extract_articles
from analytics.reading import read_articles
files = [Path(p) for p in sys.argv[2:]]
table = extract_articles([a for p in files for a in read_articles(p)]).reset_index(drop=True)
pickle.dump(table, open(sys.argv[1], "wb"))
"""


def old_table(commit: str, files: list[Path], workdir: Path) -> Any:
    """The events table of ``files`` as the extractor of ``commit`` read them."""
    tree = workdir / commit
    if not tree.exists():
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "analytics"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    out = workdir / f"{commit}-{files[0].parent.name}.pkl"
    subprocess.run(
        [sys.executable, "-c", _EXTRACT, str(out), *map(str, files)],
        check=True,
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )
    with out.open("rb") as handle:
        return pickle.load(handle)


def main() -> int:
    sets = load_registry(ROOT / "tests/fixtures/SETS.tsv")
    data = {d.name: d for d in learned.load_sets(sets)}
    by_name = {s.name: s for s in sets}
    pooled = {way: TypeScore() for way in learned.WAYS}
    with tempfile.TemporaryDirectory() as tmp:
        for commit, names in BLIND_AT.items():
            for name in names:
                if name not in data:
                    continue
                rows: list[dict[str, Any]] = []
                labels: list[str] = []
                for other in data.values():
                    if other.name != name:
                        r, lab = other.training()
                        rows += r
                        labels += lab
                alone = learned.train(rows, labels, with_rules=False)
                both = learned.train(rows, labels, with_rules=True)
                table = old_table(commit, by_name[name].story_files(), Path(tmp))
                records = table.to_dict(orient="records")
                gold = data[name].gold
                reports = {
                    "rules": score(gold, table),
                    "model": score(
                        gold, learned.retyped(table, learned.decide_model(alone, records))
                    ),
                    "both": score(gold, learned.retyped(table, learned.decide_both(both, records))),
                    "veto": score(
                        gold, learned.retyped(table, learned.decide_veto(alone, records))
                    ),
                }
                parts = [f"{name:<18} (rules at {commit})"]
                for way, report in reports.items():
                    s = report.primary()
                    parts.append(f"{way} F1 {s.f1:.3f} P {s.precision:.3f} R {s.recall:.3f}")
                    pooled[way] += s
                print(" | ".join(parts), flush=True)
    line = [f"{'pooled real_*':<18} {'':<19}"]
    line += [f"{w} F1 {t.f1:.3f} P {t.precision:.3f} R {t.recall:.3f}" for w, t in pooled.items()]
    print(" | ".join(line))
    print(
        "summary: blind primary F1 pooled over the real-news sets: "
        + ", ".join(f"{w} {t.f1:.3f}" for w, t in pooled.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
