"""``python -m analytics``: extract, evaluate, ingest and check a store from the command line.

Bad arguments and unreadable files give one clear line on stderr and exit code 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from analytics.errors import InputError
from analytics.schema import empty_events


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line (not the whole usage) on a bad argument."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _extract_all(files: Sequence[str], published: date | None) -> pd.DataFrame:
    from analytics.extract import extract_file

    frames = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            raise InputError(
                f"{name} is a folder: name its files, or use `ingest` for folders", code="folder"
            )
        if not path.is_file():
            raise InputError(f"{name}: no such file", code="missing")
        frames.append(extract_file(path, published=published))
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty_events()


def _cmd_extract(args: argparse.Namespace) -> int:
    table = _extract_all(args.files, args.date)
    if args.format == "csv":
        from analytics.export import to_csv_bytes

        payload = to_csv_bytes(table)
    else:
        lines = (
            json.dumps(
                {k: (None if pd.isna(v) else v) for k, v in row.items()},
                ensure_ascii=False,
                default=str,
            )
            for row in table.to_dict(orient="records")
        )
        payload = "".join(line + "\n" for line in lines).encode("utf-8")
    if args.output in (None, "-"):
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        try:
            Path(args.output).write_bytes(payload)
        except OSError as err:
            raise InputError(
                f"cannot write {args.output}: {err.strerror}", code="unwritable"
            ) from None
        print(f"{len(table)} events written to {args.output}", file=sys.stderr)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from analytics.evaluate import load_gold, score

    if args.sets:
        return _evaluate_sets(args)
    if not args.gold or not args.files:
        raise InputError("evaluate needs a gold file and the story files (or --sets)", code="usage")
    gold_path = Path(args.gold)
    if not gold_path.is_file():
        raise InputError(f"{args.gold}: no such gold file", code="missing")
    try:
        gold = load_gold(gold_path)
    except ValueError as err:
        raise InputError(str(err), code="bad_gold") from None
    report = score(gold, _extract_all(args.files, args.date))
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.as_text())
    return 0


def _evaluate_sets(args: argparse.Namespace) -> int:
    from analytics.evaluate import Report, TypeScore
    from analytics.gold_sets import load_registry, score_set, sets_table

    try:
        scores = [score_set(s) for s in load_registry(args.registry)]
    except ValueError as err:
        raise InputError(str(err), code="bad_gold") from None
    print(sets_table(scores, markdown=args.markdown))
    real = [s for s in scores if s.gold_set.name.startswith("real_")]
    if real:
        money = TypeScore()
        for s in real:
            money.true_positives += s.report.money.true_positives
            money.false_positives += s.report.money.false_positives
            money.false_negatives += s.report.money.false_negatives
        print(
            f"\nmoney found over the real-news sets (type aside): precision "
            f"{money.precision:.3f}, recall {money.recall:.3f}, f1 {money.f1:.3f}"
        )
    for label, group in (("real-news sets", real), ("all sets", scores)):
        if group:
            pooled = Report(judged=[j for s in group for j in s.report.judged])
            print(f"\ncalibration over the {label} (right = type, amount and company)")
            print(pooled.calibration_text())
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from analytics import confidence
    from analytics.gold_sets import load_registry, score_set

    samples = []
    weights: list[float] = []
    sets = load_registry(args.registry)
    with confidence.raw_scores():
        for gold_set in sets:
            scored = score_set(gold_set)
            records = scored.table.to_dict(orient="records")
            judged = scored.report.judged
            samples += [
                (records[i], right)
                for i, (_, right, _) in zip(scored.report.judged_rows, judged, strict=True)
            ]
            real = gold_set.name.startswith("real_")
            weights += [confidence.REAL_NEWS_WEIGHT if real else 1.0] * len(judged)
    rows = confidence.fit(samples, weights)
    names = ", ".join(s.name for s in sets)
    confidence.write_table(rows, Path(args.output), about=f"From {len(samples)} rows of: {names}.")
    print(
        f"{len(rows)} kinds from {len(samples)} rows of {len(sets)} sets written to {args.output}"
    )
    return 0


def _cmd_learn(args: argparse.Namespace) -> int:
    """Leave one scored set out at a time and print the held-out primary F1, precision and recall
    of the rules, the learned model and both; with ``--score GOLD FILE...``, train on every set
    and score a new one each way (run it when a set is first scored, before any rule it prompts).
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise InputError(
            "learn needs scikit-learn: pip install -r requirements-dev.txt", code="missing"
        ) from None
    from analytics import learned
    from analytics.gold_sets import load_registry

    sets = load_registry(args.registry)
    if args.score:
        from analytics.evaluate import load_gold

        gold_path, *files = args.score
        if not files:
            raise InputError("learn --score needs a gold file and the story files", code="usage")
        try:
            gold = load_gold(gold_path)
            data = learned.load_sets(sets)
        except (OSError, ValueError) as err:
            raise InputError(str(err), code="bad_gold") from None
        table = _extract_all(files, None).reset_index(drop=True)
        print(learned.unseen_text(learned.score_unseen(data, gold, table)))
        return 0
    if len(sets) < 2:
        raise InputError("learn needs at least two scored sets to leave one out", code="usage")
    try:
        data = learned.load_sets(sets)
    except ValueError as err:
        raise InputError(str(err), code="bad_gold") from None
    comparison = learned.compare(
        data, progress=lambda name: print(f"held out {name}", file=sys.stderr)
    )
    print(learned.comparison_table(comparison, markdown=args.markdown))
    return 0


def _cmd_corrections(args: argparse.Namespace) -> int:
    from analytics.review import gold_rows
    from analytics.store import DB_FILENAME, Store

    data_dir = Path(args.data_dir)
    if not (data_dir / DB_FILENAME).is_file():
        raise InputError(f"{data_dir}: no store here (no {DB_FILENAME})", code="missing")
    with Store(data_dir) as store:
        rows = gold_rows(store.reviewed_events(), store.audit_log())
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.output:
        try:
            Path(args.output).write_text(text, "utf-8")
        except OSError as err:
            raise InputError(f"{args.output}: cannot write: {err.strerror}", code="write") from None
        print(f"{len(rows)} reviewed rows written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from analytics.ingest import run

    return run(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from analytics.store import check_store, resolve_data_dir

    report = check_store(resolve_data_dir(args.data_dir))
    print(report.message, file=sys.stdout if report.sound else sys.stderr)
    return 0 if report.sound else 1


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analytics", description="Money events from tech news.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    extract = commands.add_parser("extract", help="write the events table of article files")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--date", type=_date_arg, help="publication date for files without one")
    extract.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    extract.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    extract.set_defaults(run=_cmd_extract)

    evaluate = commands.add_parser("evaluate", help="score extraction against a gold file")
    evaluate.add_argument("gold", metavar="GOLD.jsonl", nargs="?")
    evaluate.add_argument("files", nargs="*", metavar="FILE")
    evaluate.add_argument(
        "--sets", action="store_true", help="score every set of the sets registry, one table"
    )
    evaluate.add_argument(
        "--registry", default="tests/fixtures/SETS.tsv", help="the sets registry (with --sets)"
    )
    evaluate.add_argument(
        "--markdown", action="store_true", help="with --sets: the table as Markdown"
    )
    evaluate.add_argument("--date", type=_date_arg, help="publication date for files without one")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.set_defaults(run=_cmd_evaluate)

    calibrate = commands.add_parser(
        "calibrate", help="write the confidence calibration table from the scored gold sets"
    )
    calibrate.add_argument("--registry", default="tests/fixtures/SETS.tsv")
    calibrate.add_argument(
        "-o", "--output", default=str(Path(__file__).with_name("_confidence.tsv"))
    )
    calibrate.set_defaults(run=_cmd_calibrate)

    learn = commands.add_parser("learn", help="rules or a model: held-out F1 of each way")
    learn.add_argument("--registry", default="tests/fixtures/SETS.tsv")
    learn.add_argument("--markdown", action="store_true", help="the table as Markdown")
    learn.add_argument("--score", nargs="+", metavar="F", help="GOLD.jsonl FILE...: a new set")
    learn.set_defaults(run=_cmd_learn)

    corrections = commands.add_parser(
        "corrections",
        help="write the reviewed rows of a store as a gold file (../shared/ANNOTATION.md format)",
    )
    corrections.add_argument("--data-dir", required=True, metavar="DIR", help="the store's folder")
    corrections.add_argument("-o", "--output", metavar="FILE", help="gold file (default: stdout)")
    corrections.set_defaults(run=_cmd_corrections)

    from analytics.ingest import add_arguments

    ingest = commands.add_parser(
        "ingest", help="batch-extract folders, globs and archives into the store"
    )
    add_arguments(ingest)
    ingest.set_defaults(run=_cmd_ingest)

    check = commands.add_parser(
        "check", help="say whether a store is sound (read-only: nothing is written)"
    )
    check.add_argument(
        "--data-dir", metavar="DIR", help="the store's data directory (default: ./var)"
    )
    check.set_defaults(run=_cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
