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

from analytics import messages
from analytics.errors import InputError
from analytics.schema import empty_events

#: The gold sets registry and the calibration table the commands read and write by default.
_REGISTRY = "tests/fixtures/SETS.tsv"
_CONFIDENCE = "_confidence.tsv"


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line (not the whole usage) on a bad argument."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, messages.say("cli.usage_error", prog=self.prog, message=message))


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.say("cli.not_a_date", value=value)) from None


def _extract_all(files: Sequence[str], published: date | None) -> pd.DataFrame:
    from analytics.extract import extract_file

    frames = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            raise InputError(messages.say("cli.a_folder", name=name), code="folder")
        if not path.is_file():
            raise InputError(messages.say("cli.no_file", name=name), code="missing")
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
            why = messages.say("cli.cannot_write", path=args.output, reason=err.strerror)
            raise InputError(why, code="unwritable") from None
        done = messages.say("cli.events_written", count=len(table), path=args.output)
        print(done, file=sys.stderr)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from analytics.evaluate import load_gold, score

    if args.sets:
        return _evaluate_sets(args)
    if not args.gold or not args.files:
        raise InputError(messages.text("cli.evaluate_needs"), code="usage")
    gold_path = Path(args.gold)
    if not gold_path.is_file():
        raise InputError(messages.say("cli.no_gold_file", path=args.gold), code="missing")
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
        money = sum((s.report.money for s in real), TypeScore())
        figures = {"precision": money.precision, "recall": money.recall, "f1": money.f1}
        print(messages.say("cli.real_money", **figures))
    groups = ((messages.text("cli.real_sets"), real), (messages.text("cli.all_sets"), scores))
    for label, group in groups:
        if group:
            pooled = Report(judged=[j for s in group for j in s.report.judged])
            print(messages.say("cli.calibration_over", label=label))
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
    about = messages.say("cli.calibration_about", count=len(samples), names=names)
    confidence.write_table(rows, Path(args.output), about=about)
    counts = {"kinds": len(rows), "rows": len(samples), "sets": len(sets)}
    print(messages.say("cli.calibration_written", path=args.output, **counts))
    return 0


def _cmd_learn(args: argparse.Namespace) -> int:
    """Leave one scored set out at a time and print the held-out primary F1, precision and recall
    of the rules, the learned model and both; with ``--score GOLD FILE...``, train on every set
    and score a new one each way (run it when a set is first scored, before any rule it prompts).
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise InputError(messages.text("cli.learn_needs_sklearn"), code="missing") from None
    from analytics import learned
    from analytics.gold_sets import load_registry

    sets = load_registry(args.registry)
    if args.score:
        from analytics.evaluate import load_gold

        gold_path, *files = args.score
        if not files:
            raise InputError(messages.text("cli.learn_score_needs"), code="usage")
        try:
            gold = load_gold(gold_path)
            data = learned.load_sets(sets)
        except (OSError, ValueError) as err:
            raise InputError(str(err), code="bad_gold") from None
        table = _extract_all(files, None).reset_index(drop=True)
        print(learned.unseen_text(learned.score_unseen(data, gold, table)))
        return 0
    if len(sets) < 2:
        raise InputError(messages.text("cli.learn_needs_two_sets"), code="usage")
    try:
        data = learned.load_sets(sets)
    except ValueError as err:
        raise InputError(str(err), code="bad_gold") from None
    comparison = learned.compare(
        data, progress=lambda name: print(messages.say("cli.held_out", name=name), file=sys.stderr)
    )
    print(learned.comparison_table(comparison, markdown=args.markdown))
    return 0


def _cmd_corrections(args: argparse.Namespace) -> int:
    from analytics.review import gold_rows
    from analytics.store import DB_FILENAME, Store

    data_dir = Path(args.data_dir)
    if not (data_dir / DB_FILENAME).is_file():
        why = messages.say("cli.no_store", path=data_dir, file=DB_FILENAME)
        raise InputError(why, code="missing")
    with Store(data_dir) as store:
        rows = gold_rows(store.reviewed_events(), store.audit_log())
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.output:
        try:
            Path(args.output).write_text(text, "utf-8")
        except OSError as err:
            why = messages.say("cli.write_failed", path=args.output, reason=err.strerror)
            raise InputError(why, code="write") from None
        done = messages.say("cli.reviewed_written", count=len(rows), path=args.output)
        print(done, file=sys.stderr)
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
    helps = messages.section("cli.help")
    parser = _Parser(prog="python -m analytics", description=helps["description"])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    extract = commands.add_parser("extract", help=helps["extract"])
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--date", type=_date_arg, help=helps["date"])
    extract.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    extract.add_argument("-o", "--output", metavar="OUT", help=helps["output"])
    extract.set_defaults(run=_cmd_extract)

    evaluate = commands.add_parser("evaluate", help=helps["evaluate"])
    evaluate.add_argument("gold", metavar="GOLD.jsonl", nargs="?")
    evaluate.add_argument("files", nargs="*", metavar="FILE")
    evaluate.add_argument("--sets", action="store_true", help=helps["sets"])
    evaluate.add_argument("--registry", default=_REGISTRY, help=helps["registry"])
    evaluate.add_argument("--markdown", action="store_true", help=helps["markdown"])
    evaluate.add_argument("--date", type=_date_arg, help=helps["date"])
    evaluate.add_argument("--json", action="store_true", help=helps["json"])
    evaluate.set_defaults(run=_cmd_evaluate)

    calibrate = commands.add_parser("calibrate", help=helps["calibrate"])
    calibrate.add_argument("--registry", default=_REGISTRY)
    calibrate.add_argument("-o", "--output", default=str(Path(__file__).with_name(_CONFIDENCE)))
    calibrate.set_defaults(run=_cmd_calibrate)

    learn = commands.add_parser("learn", help=helps["learn"])
    learn.add_argument("--registry", default=_REGISTRY)
    learn.add_argument("--markdown", action="store_true", help=helps["learn_markdown"])
    learn.add_argument("--score", nargs="+", metavar="F", help=helps["learn_score"])
    learn.set_defaults(run=_cmd_learn)

    corrections = commands.add_parser("corrections", help=helps["corrections"])
    corrections.add_argument("--data-dir", required=True, metavar="DIR", help=helps["data_dir"])
    corrections.add_argument("-o", "--output", metavar="FILE", help=helps["gold_output"])
    corrections.set_defaults(run=_cmd_corrections)

    from analytics.ingest import add_arguments

    ingest = commands.add_parser("ingest", help=helps["ingest"])
    add_arguments(ingest)
    ingest.set_defaults(run=_cmd_ingest)

    check = commands.add_parser("check", help=helps["check"])
    check.add_argument("--data-dir", metavar="DIR", help=helps["check_data_dir"])
    check.set_defaults(run=_cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as err:
        print(messages.say("cli.error", error=err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(messages.text("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
