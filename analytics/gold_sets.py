"""The scored gold sets as rows of one table (``tests/fixtures/SETS.tsv``), and their score table.

Each row names a folder of story files with its gold file and, where it was measured, the set's
*blind* first score: the extractor's score before any rule the set prompted, the honest figure of
how it does on unseen news. ``python -m analytics evaluate --sets`` scores every set whose folder
exists and prints one table; README.md's "Extraction quality" table is that output
(``--markdown``), and a test keeps the two the same.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.errors import InputError
from analytics.evaluate import Report, load_gold, score

#: Where the registry lives, relative to the repository root.
REGISTRY = Path("tests/fixtures/SETS.tsv")
#: What a set's story files end with (gold files and READMEs aside).
STORY_EXTENSIONS = ("txt", "md", "html", "json", "jsonl", "csv")
_NOT_STORIES = ("README.md", "SOURCES.md")


@dataclass(frozen=True)
class GoldSet:
    """One scored set: its folder, gold file, a line on what it holds, and its blind first score."""

    name: str
    folder: Path
    gold: Path
    about: str
    blind: dict[str, str]

    def story_files(self) -> list[Path]:
        found = [p for ext in STORY_EXTENSIONS for p in self.folder.glob(f"*.{ext}")]
        return sorted(p for p in found if p != self.gold and p.name not in _NOT_STORIES)


@dataclass(frozen=True)
class SetScore:
    """A set scored now: its report and how many stories its files hold."""

    gold_set: GoldSet
    report: Report
    stories: int
    gold_rows: int
    table: pd.DataFrame  # the extracted rows, index 0..n-1 (what the report's rows point into)


def load_registry(path: str | Path = REGISTRY, *, root: str | Path | None = None) -> list[GoldSet]:
    """The sets of a registry file whose folders exist (``root``: what folders are relative to,
    by default the registry's repository, two levels up).

    >>> [s.name for s in load_registry()][:2]  # doctest: +SKIP
    ['data', 'news_dev']
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"{path}: no such sets registry (run from the repository root)", code="missing"
        )
    base = Path(root) if root is not None else path.resolve().parent.parent.parent
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    sets = []
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
        if not row.get("name") or not row.get("folder") or not row.get("gold"):
            raise InputError(
                f"{path}: row {n} needs a name, a folder and a gold file", code="bad_sets"
            )
        folder = base / row["folder"]
        if not (folder / row["gold"]).is_file():
            continue  # e.g. ../shared/seed on a machine without ../shared
        blind = {
            k.removeprefix("blind_"): (v or "") for k, v in row.items() if k.startswith("blind_")
        }
        sets.append(
            GoldSet(row["name"], folder, folder / row["gold"], row.get("about") or "", blind)
        )
    return sets


def score_set(gold_set: GoldSet) -> SetScore:
    """Extract the set's story files and score them against its gold."""
    from analytics.extract import extract_articles
    from analytics.reading import read_articles

    articles = [a for p in gold_set.story_files() for a in read_articles(p)]
    gold = load_gold(gold_set.gold)
    table = extract_articles(articles).reset_index(drop=True)
    return SetScore(gold_set, score(gold, table), len(articles), len(gold), table)


def _blind_f1(blind: dict[str, str]) -> str:
    return blind.get("primary_f1") or "-"


def sets_frame(scores: list[SetScore]) -> pd.DataFrame:
    """One row a set: blind first score where recorded, the score now, precision and recall on
    funding, fines and acquisitions, all types, money found (type aside), company and parties
    right."""
    rows = []
    for s in scores:
        primary = s.report.primary()
        checked = s.report.parties_checked
        right = checked - len(s.report.wrong_parties)
        rows.append(
            {
                "set": s.gold_set.name,
                "about": s.gold_set.about,
                "stories": s.stories,
                "gold rows": s.gold_rows,
                "blind primary F1": _blind_f1(s.gold_set.blind),
                "primary F1": f"{primary.f1:.3f}",
                "precision": f"{primary.precision:.3f}",
                "recall": f"{primary.recall:.3f}",
                "all types F1": f"{s.report.overall.f1:.3f}",
                "money F1": f"{s.report.money.f1:.3f}",
                "company right": f"{checked - s.report.wrong_companies}/{checked}",
                "parties right": f"{right}/{checked}",
                "blind parties": s.gold_set.blind.get("parties") or "-",
            }
        )
    return pd.DataFrame(rows)


def sets_table(scores: list[SetScore], *, markdown: bool = False) -> str:
    """The table of ``sets_frame`` as aligned text, or as a Markdown table for the README."""
    frame = sets_frame(scores)
    if not markdown:
        return frame.drop(columns=["about"]).to_string(index=False)
    return markdown_table(frame)


def markdown_table(frame: pd.DataFrame) -> str:
    """``frame`` as a Markdown table, its values as they print."""
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += [
        "| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines)
