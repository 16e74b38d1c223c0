"""Scoring the extractor against a hand-made gold file (the format of ``seed_gold.jsonl``).

A predicted row matches a gold row when it is in the same article (headline), has the same type,
and its amount is within 1% of the gold amount in the same currency, or of its parenthetical
equivalent; an undisclosed gold deal matches an undisclosed predicted one. Matching is one to one.
For matched funding, fine and acquisition rows the company and counterparty are checked too.

Rows that ``ANNOTATION.md`` lets be either type (a ``COMPONENT`` of a stated total, a
``PRE_DISCOUNT`` fine, a ``CORRECTION``'s withdrawn figure, a ``REJECTED OFFER``, a
``SPECULATIVE`` guess, a ``CURRENCY_AMBIGUOUS`` amount, IPO proceeds) are neither hit, miss nor
extra: they take the predicted row of their amount, of any type, out of the count.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import knowledge, messages
from analytics.schema import EVENT_TYPES, PRIMARY_TYPES

TOLERANCE = 0.01
_EITHER_TYPE = knowledge.table("either_type")
#: Note tags of the rows scorers treat as either type (``ANNOTATION.md``, "Types"; data:
#: ``knowledge/either_type.tsv``, with the phrases that mark IPO proceeds however worded).
EITHER_TYPE_TAGS = tuple(row["pattern"] for row in _EITHER_TYPE if row["kind"] == "tag")
_EITHER_TYPE_RE = re.compile(
    "|".join(
        [r"\b(?:" + "|".join(t.replace(" ", r"[ _]") for t in EITHER_TYPE_TAGS) + r")\b"]
        + [row["pattern"] for row in _EITHER_TYPE if row["kind"] == "phrase"]
    )
)
#: The report's column names (``messages/evaluate.toml``).
_COLUMNS = messages.section("evaluate.columns")
#: Confidence bins of the calibration table: (low, high], the last one closed at 1.
CONFIDENCE_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))
_SUFFIXES = re.compile(r"\b(?:inc|ltd|llc|plc|corp|corporation|co|gmbh|sa|ag|bv|limited|the)\b")


def normalize_title(title: str) -> str:
    """Headline key: case, quotes and spacing folded."""
    text = unicodedata.normalize("NFKC", title).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = _SUFFIXES.sub(" ", text)
    text = re.sub(r"^\s*(?:u\s*s|uk|u\s*k|eu)\s+", " ", text)  # "U.S. Commerce Department"
    return re.sub(r"\s+", " ", text).strip()


def same_name(gold: str | None, predicted: str | None) -> bool:
    """Lenient name equality: case, punctuation and legal suffixes aside, or one a prefix of the other.

    >>> same_name("Acme Robotics", "Acme"), same_name("Acme", "Bolt")
    (True, False)
    """
    if not gold and not predicted:
        return True
    if not gold or not predicted:
        return False
    if _is_acronym_of(gold, predicted) or _is_acronym_of(predicted, gold):
        return True  # "FTC" and "Federal Trade Commission" name one body
    g, p = _name_key(gold), _name_key(predicted)
    if not g or not p:
        return g == p
    return g == p or g.startswith(p + " ") or p.startswith(g + " ")


def _is_acronym_of(short: str, long: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2,7}", short.strip()):
        return False
    words = re.findall(r"[A-Z][\w’'-]*", long)
    initials = "".join(w[0] for w in words)
    return short.strip() in (initials, initials[1:], initials[2:]) and len(words) >= 2


def same_parties(gold: str | None, predicted: str | None) -> bool:
    """Lists of names joined by ';': the same names, in any order."""
    gold_names = [n for n in (gold or "").split(";") if n.strip()]
    pred_names = [n for n in (predicted or "").split(";") if n.strip()]
    if len(gold_names) != len(pred_names):
        return False
    remaining = list(pred_names)
    for g in gold_names:
        hit = next((p for p in remaining if same_name(g.strip(), p.strip())), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


def is_either_type(row: dict[str, Any]) -> bool:
    """Whether scorers ignore a gold row's type (its note carries an either-type tag).

    >>> is_either_type({"note": "COMPONENT: the cash part of the price"})
    True
    >>> is_either_type({"note": "IPO proceeds = funding, round IPO"})
    True
    >>> is_either_type({"note": "IPO price per share"})
    False
    """
    return bool(_EITHER_TYPE_RE.search(str(row.get("note") or "")))


def _close(a: Any, b: Any) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def _amount_match(gold: dict[str, Any], row: pd.Series) -> bool:
    if gold.get("amount") is None:
        return bool(row["undisclosed"])
    if row["undisclosed"]:
        return False
    gold_pairs = [(gold.get("currency"), gold.get("amount"))]
    if gold.get("alt"):
        gold_pairs.append((gold["alt"].get("currency"), gold["alt"].get("amount")))
    pred_pairs = [(row["currency"], row["amount"]), (row["alt_currency"], row["alt_amount"])]
    return any(
        gc == pc and isinstance(gc, str) and _close(ga, pa)
        for gc, ga in gold_pairs
        for pc, pa in pred_pairs
    )


@dataclass
class TypeScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: TypeScore) -> TypeScore:
        """Counts pooled: ``sum(scores, TypeScore())`` is the score over all of them."""
        return TypeScore(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )


def _figures(s: TypeScore) -> dict[str, float | int]:
    """A score's figures by the names the report's lines use."""
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "tp": s.true_positives,
        "fp": s.false_positives,
        "fn": s.false_negatives,
    }


@dataclass
class Report:
    """Scores per type, overall, and every miss, false alarm and wrong party."""

    by_type: dict[str, TypeScore] = field(default_factory=dict)
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    wrong_parties: list[str] = field(default_factory=list)
    parties_checked: int = 0
    wrong_companies: int = 0
    #: Either-type gold rows, each with whether a predicted row of its amount was found.
    either_type: list[tuple[dict[str, Any], bool]] = field(default_factory=list)
    #: Money found, the type aside: every gold amount against every predicted one, per article.
    money: TypeScore = field(default_factory=TypeScore)
    #: One (confidence, right) pair per predicted row that is not an either-type row's.
    judged: list[tuple[float | None, bool, bool]] = field(default_factory=list)
    #: The predicted table's row (position) of each ``judged`` entry.
    judged_rows: list[int] = field(default_factory=list)

    @property
    def company_right(self) -> float:
        """Share of matched funding, fine and acquisition rows whose company is right."""
        if not self.parties_checked:
            return 1.0
        return (self.parties_checked - self.wrong_companies) / self.parties_checked

    def calibration(self) -> list[tuple[str, int, int, int, int]]:
        """Per confidence bin: (bin, rows, right, primary rows, primary right).

        A row is right when it matches a gold row of its type; a funding, fine or acquisition
        row must also name the gold company.
        """
        table = []
        for low, high in CONFIDENCE_BINS:
            inside = [
                (right, primary)
                for conf, right, primary in self.judged
                if conf is not None and (low < conf <= high or (low == 0.0 and conf == 0.0))
            ]
            table.append(
                (
                    f">{low:.1f}..{high:.1f}" if low else f"0..{high:.1f}",
                    len(inside),
                    sum(right for right, _ in inside),
                    sum(primary for _, primary in inside),
                    sum(right and primary for right, primary in inside),
                )
            )
        return table

    def calibration_text(self) -> str:
        c = _COLUMNS
        header = {k: c[k] for k in ("confidence", "rows", "right", "share", "primary")}
        primary = {"pright": c["right"], "pshare": c["share"]}  # the primary rows' own columns
        lines = [messages.say("evaluate.calibration_header", **header, **primary)]
        for name, rows, right, prows, pright in self.calibration():
            share = f"{right / rows:.2f}" if rows else "-"
            pshare = f"{pright / prows:.2f}" if prows else "-"
            counts = {"rows": rows, "right": right, "share": share}
            primary = {"prows": prows, "pright": pright, "pshare": pshare}
            lines.append(messages.say("evaluate.calibration_row", name=name, **counts, **primary))
        return "\n".join(lines)

    @property
    def overall(self) -> TypeScore:
        return sum(self.by_type.values(), TypeScore())

    def primary(self) -> TypeScore:
        return sum((self.by_type.get(t, TypeScore()) for t in PRIMARY_TYPES), TypeScore())

    def as_text(self) -> str:
        header = {k: _COLUMNS[k] for k in ("type", "precision", "recall", "f1", "tp", "fp", "fn")}
        lines = [messages.say("evaluate.score_header", **header)]
        rows = [(t, self.by_type.get(t, TypeScore())) for t in EVENT_TYPES]
        rows += [("primary", self.primary()), ("all", self.overall)]
        for name, s in rows:
            lines.append(messages.say("evaluate.score_row", name=name, **_figures(s)))
        checked = self.parties_checked
        parties = {
            "right": checked - len(self.wrong_parties),
            "checked": checked,
            "company_right": checked - self.wrong_companies,
        }
        lines.append(messages.say("evaluate.parties", **parties))
        if self.either_type:
            found = sum(hit for _, hit in self.either_type)
            count = len(self.either_type)
            lines.append(messages.say("evaluate.either_type", count=count, found=found))
        lines.append(messages.say("evaluate.money", **_figures(self.money)))
        lines.append(messages.text("evaluate.calibration"))
        lines.append(self.calibration_text())
        for g in self.missed:
            amount = {"type": g["type"], "amount": g.get("amount"), "currency": g.get("currency")}
            where = {"article": g["article"][:60], "evidence": g.get("evidence", "")[:80]}
            lines.append(messages.say("evaluate.missed", **amount, **where))
        for p in self.spurious:
            amount = {"type": p["event_type"], "amount": p["amount_text"]}
            where = {"article": p["article_title"][:60], "evidence": p["evidence"][:80]}
            lines.append(messages.say("evaluate.spurious", **amount, **where))
        lines.extend(f"PARTIES  {w}" for w in self.wrong_parties)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "by_type": {t: _figures(self.by_type.get(t, TypeScore())) for t in EVENT_TYPES},
            "primary": _figures(self.primary()),
            "all": _figures(self.overall),
            "parties_checked": self.parties_checked,
            "wrong_parties": self.wrong_parties,
            "company_right": self.company_right,
            "money": {
                "precision": self.money.precision,
                "recall": self.money.recall,
                "f1": self.money.f1,
            },
            "either_type": len(self.either_type),
            "calibration": [
                {"bin": b, "rows": n, "right": r, "primary_rows": pn, "primary_right": pr}
                for b, n, r, pn, pr in self.calibration()
            ],
        }


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a gold JSON Lines file; ValueError names the first line that is not a row.

    A row is an object with an ``article`` (its headline), a ``type`` of ``EVENT_TYPES``, an
    ``amount`` (a number, or null for an undisclosed price) and an ``alt`` that is null or
    ``{"amount": ..., "currency": ...}``.
    """
    rows = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}: line {n} is not JSON ({err.msg})") from None
            problem = _gold_row_problem(row)
            if problem:
                raise ValueError(f"{path}: line {n}: {problem}")
            rows.append(row)
    return rows


def _gold_row_problem(row: Any) -> str | None:
    """What is wrong with one gold row, or None."""
    if not isinstance(row, dict):
        return "not a JSON object"
    if not isinstance(row.get("article"), str):
        return '"article" (the headline) is missing or not text'
    if row.get("type") not in EVENT_TYPES:
        return f'"type" is {row.get("type")!r}, not one of {", ".join(EVENT_TYPES)}'
    amount = row.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float))):
        return f'"amount" is {amount!r}, not a number or null'
    alt = row.get("alt")
    if alt is not None and not (
        isinstance(alt, dict)
        and isinstance(alt.get("currency"), str)
        and isinstance(alt.get("amount"), (int, float))
    ):
        return f'"alt" is {alt!r}, not null or {{"amount": <number>, "currency": "<ISO code>"}}'
    return None


def score(gold: list[dict[str, Any]], predicted: pd.DataFrame) -> Report:
    """Compare gold rows with a predicted events table."""
    report = Report(by_type={t: TypeScore() for t in EVENT_TYPES})
    pred = predicted.reset_index(drop=True)
    keys = pred["article_title"].map(normalize_title) if len(pred) else pd.Series(dtype=str)
    used: set[int] = set()
    right: set[int] = set()
    scored = [g for g in gold if not is_either_type(g)]
    for g in scored:
        kind = g["type"]
        candidates = (
            [
                i
                for i in pred.index[
                    (keys == normalize_title(g["article"])) & (pred["event_type"] == kind)
                ]
                if i not in used
            ]
            if len(pred)
            else []
        )
        hit = next((i for i in candidates if _amount_match(g, pred.loc[i])), None)
        score_row = report.by_type.setdefault(kind, TypeScore())
        if hit is None:
            score_row.false_negatives += 1
            report.missed.append(g)
            continue
        used.add(hit)
        score_row.true_positives += 1
        if kind not in PRIMARY_TYPES:
            right.add(hit)
            continue
        row = pred.loc[hit]
        report.parties_checked += 1
        company = None if pd.isna(row["company"]) else row["company"]
        counterparty = None if pd.isna(row["counterparty"]) else row["counterparty"]
        company_ok = same_name(g.get("company"), company)
        if company_ok:
            right.add(hit)
        else:
            report.wrong_companies += 1
        if not company_ok or not same_parties(g.get("counterparty"), counterparty):
            found = {"company": company, "counterparty": counterparty}
            wanted = {"gold_company": g.get("company"), "gold_counterparty": g.get("counterparty")}
            wrong = messages.say(
                "evaluate.wrong_parties", kind=kind, article=g["article"][:50], **found, **wanted
            )
            report.wrong_parties.append(wrong)
    # Either-type rows last, so that they never take a row a scored gold row needs.
    either_hits: set[int] = set()
    for g in gold:
        if not is_either_type(g):
            continue
        same_article = (
            [i for i in pred.index[keys == normalize_title(g["article"])] if i not in used]
            if len(pred)
            else []
        )
        hit = next((i for i in same_article if _amount_match(g, pred.loc[i])), None)
        if hit is not None:
            used.add(hit)
            either_hits.add(hit)
        report.either_type.append((g, hit is not None))
    confidences = pred["confidence"] if "confidence" in pred.columns else None
    for i in pred.index:
        if i in either_hits:
            continue
        kind = pred.loc[i, "event_type"]
        if i not in used:
            report.by_type.setdefault(kind, TypeScore()).false_positives += 1
            report.spurious.append(pred.loc[i].to_dict())
        conf = None if confidences is None or pd.isna(confidences[i]) else float(confidences[i])
        report.judged.append((conf, i in right, kind in PRIMARY_TYPES))
        report.judged_rows.append(i)
    report.money = _money_found(gold, pred, keys)
    return report


def _money_found(gold: list[dict[str, Any]], pred: pd.DataFrame, keys: pd.Series) -> TypeScore:
    """Gold amounts matched one to one with predicted amounts of the same article, whatever
    either's type (undisclosed deals aside: they have no amount)."""
    found = TypeScore()
    wanted = [g for g in gold if g.get("amount") is not None]
    amounts = pred.index[~pred["undisclosed"].astype(bool)] if len(pred) else pred.index
    used: set[int] = set()
    for g in wanted:
        title = normalize_title(g["article"])
        hit = next(
            (
                i
                for i in amounts
                if i not in used and keys[i] == title and _amount_match(g, pred.loc[i])
            ),
            None,
        )
        if hit is None:
            found.false_negatives += 1
        else:
            used.add(hit)
            found.true_positives += 1
    found.false_positives = len(amounts) - len(used)
    return found
