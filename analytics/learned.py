"""Rules or a model: a learned classifier of an extracted amount's type, compared with the rules.

The extractor decides each amount's type by hand-written rules (the cue table, overrides and the
pipeline). This module trains a small, deterministic scikit-learn model over features of the
amount's context (the words right before and after it, its sentence, the headline, its size, the
parties the rules found) that predicts the type of each extracted row, and compares, leaving one
gold set out at a time, three ways of deciding the type:

- ``rules``: the type as the extractor gives it;
- ``model``: the model alone (the rules' own type is not one of its features);
- ``both``: a model that also sees the rules' type, overriding the rules only where it is sure
  (probability at least ``OVERRIDE_AT``, fixed before any held-out figure was seen).

Labels come from the gold sets of ``tests/fixtures/SETS.tsv``: an extracted row takes the type of
the gold row its amount matches in the same article (``analytics.evaluate``'s matching, type
aside); a row that matches no gold row is labelled ``none`` (an extra: the right answer for it is
"not a funding, fine or acquisition"); a row that matches a gold row the guide lets be either
type is left out. Scoring is ``analytics.evaluate.score`` on the extracted frame with the type
replaced, as ``python -m analytics evaluate`` scores it.

scikit-learn is needed only here (``python -m analytics learn``), not by the extractor: see
docs/ARCHITECTURE.md, "Rules or a model", for the figures and the decision.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from analytics.evaluate import (
    Report,
    TypeScore,
    _amount_match,
    is_either_type,
    normalize_title,
    score,
)
from analytics.gold_sets import markdown_table
from analytics.schema import EVENT_TYPES, PRIMARY_TYPES

if TYPE_CHECKING:
    from analytics.gold_sets import GoldSet, SetScore

#: The label of an extracted row that matches no gold row.
NONE = "none"
LABELS: tuple[str, ...] = (*EVENT_TYPES, NONE)
#: In ``both``, the model's type replaces the rules' only at or above this probability.
OVERRIDE_AT = 0.8
#: In ``veto``, a funding, fine or acquisition of the rules stands only where the model alone gives
#: that type at least this probability (fixed before the sets it was first tried on were scored).
VETO_BELOW = 0.2
#: Inverse regularization of the logistic regression (scikit-learn's default).
C = 1.0
#: A feature must be seen in this many training rows to be kept.
MIN_COUNT = 2
#: None: every row counts once (``"balanced"`` was tried: see ``compare``'s notes).
CLASS_WEIGHT: str | None = None
#: Words read on each side of the amount, in its sentence.
WINDOW = 6
_WORD_RE = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d+")
_CAPITALIZED_RE = re.compile(r"\b[A-Z][\w&'’.-]*[a-z0-9]")


# --------------------------------------------------------------------------------------------
# Labels


def labels_for(gold: list[dict[str, Any]], table: pd.DataFrame) -> list[str | None]:
    """The gold type of each extracted row, ``none`` for an extra, None for an either-type row.

    Matching is one to one, in the article of the row's headline, on the amount as
    ``analytics.evaluate`` matches it: first to a gold row of the row's own type (as ``score``
    pairs them), then, type aside, to a gold row still free.
    """
    pred = table.reset_index(drop=True)
    keys = [normalize_title(t) for t in pred["article_title"]]
    labels: list[str | None] = [NONE] * len(pred)
    used: set[int] = set()
    scored = [g for g in gold if not is_either_type(g)]
    either = [g for g in gold if is_either_type(g)]

    def match(g: dict[str, Any], same_type: bool) -> int | None:
        key = normalize_title(g["article"])
        for i in range(len(pred)):
            if i in used or keys[i] != key:
                continue
            if same_type and pred.at[i, "event_type"] != g["type"]:
                continue
            if _amount_match(g, pred.loc[i]):
                return i
        return None

    for same_type in (True, False):
        left = []
        for g in scored:
            hit = match(g, same_type)
            if hit is None:
                left.append(g)
                continue
            used.add(hit)
            labels[hit] = g["type"]
        scored = left
    for g in either:  # last, as score() does, so they never take a row a scored gold row needs
        hit = match(g, False)
        if hit is not None:
            used.add(hit)
            labels[hit] = None
    return labels


# --------------------------------------------------------------------------------------------
# Features


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _size_bucket(usd: Any) -> str:
    try:
        value = float(usd)
    except (TypeError, ValueError):
        return "unknown"
    if not value > 0 or math.isnan(value):
        return "unknown"
    return str(min(12, int(math.log10(value))))


def features(row: dict[str, Any], *, with_rules: bool) -> dict[str, float]:
    """Features of one extracted row: its context words, headline, size and parties.

    ``with_rules`` adds the rules' type (what ``both`` sees and ``model`` does not).

    >>> f = features({"evidence": "Acme raised $5M from Beta.", "amount_text": "$5M",
    ...     "article_title": "Acme raises", "amount_usd": 5e6}, with_rules=False)
    >>> f["b1=raised"], f["a1=from"], f["size=6"], f["h=raises"]
    (1.0, 1.0, 1.0, 0.5)
    """
    sentence = str(row.get("evidence") or "")
    written = str(row.get("amount_text") or "")
    at = sentence.find(written) if written else -1
    before, after = (sentence[:at], sentence[at + len(written) :]) if at >= 0 else (sentence, "")
    b, a = _words(before), _words(after)
    out: dict[str, float] = {"bias": 1.0}
    near_before, near_after = b[-WINDOW:][::-1], a[:WINDOW]
    for i, w in enumerate(near_before, 1):
        out[f"b{min(i, 3)}={w}"] = 1.0  # the nearest words by place, the rest as one bag
        out[f"bw={w}"] = 1.0
    for i, w in enumerate(near_after, 1):
        out[f"a{min(i, 3)}={w}"] = 1.0
        out[f"aw={w}"] = 1.0
    for w2, w1 in itertools.pairwise(near_before):  # nearest first: w1 comes before w2
        out[f"bb={w1}_{w2}"] = 1.0
    for w1, w2 in itertools.pairwise(near_after):
        out[f"ab={w1}_{w2}"] = 1.0
    for w in set(b[:-WINDOW] + a[WINDOW:]):
        out[f"s={w}"] = 0.5  # the rest of the sentence, weaker than the amount's neighbours
    for w in set(_words(str(row.get("article_title") or ""))):
        out[f"h={w}"] = 0.5
    out[f"size={_size_bucket(row.get('amount_usd'))}"] = 1.0
    out["capitalized_before"] = float(bool(_CAPITALIZED_RE.search(before)))
    for column in ("company", "counterparty", "round", "qualifier"):
        value = row.get(column)
        present = isinstance(value, str) and bool(value)
        out[f"{column}={value.lower() if column == 'qualifier' and present else present}"] = 1.0
    if row.get("undisclosed") is True:
        out["undisclosed"] = 1.0
    if with_rules:
        out[f"rules={row.get('event_type')}"] = 1.0
    return out


# --------------------------------------------------------------------------------------------
# Training and prediction


@dataclass
class Model:
    """A fitted vectorizer and one-vs-rest logistic regression (scikit-learn objects)."""

    vectorizer: Any
    classifier: Any
    with_rules: bool

    def probabilities(self, rows: Sequence[dict[str, Any]]) -> tuple[list[str], Any]:
        """The classes and, per row, the probability of each."""
        matrix = _int32(
            self.vectorizer.transform([features(r, with_rules=self.with_rules) for r in rows])
        )
        return list(self.classifier.classes_), self.classifier.predict_proba(matrix)


def train(
    rows: Sequence[dict[str, Any]],
    labels: Sequence[str],
    *,
    with_rules: bool,
    feats: Sequence[dict[str, float]] | None = None,
) -> Model:
    """A one-vs-rest logistic regression over the rows' features seen at least ``MIN_COUNT``
    times; the same rows give the same model (liblinear, a fixed seed). ``feats``: the rows'
    ``features``, when the caller has them already."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    if feats is None:
        feats = [features(r, with_rules=with_rules) for r in rows]
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(feats)
    # A feature of one row only is noise (a name, a figure): dropping them shrinks the model
    # three times over and the fit with it.
    seen = np.asarray((matrix != 0).sum(axis=0)).ravel()
    vectorizer.restrict(seen >= MIN_COUNT)
    matrix = vectorizer.transform(feats)
    classifier = OneVsRestClassifier(
        LogisticRegression(C=C, solver="liblinear", random_state=0, class_weight=CLASS_WEIGHT)
    )
    classifier.fit(_int32(matrix), list(labels))
    return Model(vectorizer, classifier, with_rules)


def _int32(matrix: Any) -> Any:
    """liblinear takes sparse matrices with 32-bit indices only."""
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


def _as_type(label: str, rules_type: str) -> str:
    """A predicted label as an event type: ``none`` keeps a look-alike's type, else ``other``."""
    if label != NONE:
        return label
    return rules_type if rules_type not in PRIMARY_TYPES else "other"


def decide_model(model: Model, rows: Sequence[dict[str, Any]]) -> list[str]:
    """The model's most probable type for every row."""
    return decide_both(model, rows, override_at=0.0)


def decide_both(
    model: Model, rows: Sequence[dict[str, Any]], override_at: float = OVERRIDE_AT
) -> list[str]:
    """The rules' type, replaced by the model's where the model is at least ``override_at`` sure."""
    if not rows:
        return []
    classes, probs = model.probabilities(rows)
    out = []
    for r, p in zip(rows, probs, strict=True):
        best = int(p.argmax())
        rules_type = str(r["event_type"])
        out.append(_as_type(classes[best], rules_type) if p[best] >= override_at else rules_type)
    return out


def decide_veto(
    model: Model, rows: Sequence[dict[str, Any]], veto_below: float = VETO_BELOW
) -> list[str]:
    """Precision first: the rules' type, but a funding, fine or acquisition that ``model`` (which
    does not see the rules' type) gives less than ``veto_below`` becomes the model's most probable
    other type (``none``: ``other``). The rules' look-alikes are never changed.

    >>> rows = [{"evidence": f"Acme raised {n} from Beta.", "amount_text": n,
    ...          "event_type": "funding"} for n in ("$5M", "$6M")]
    >>> rows += [{"evidence": f"Revenue reached {n} last year.", "amount_text": n,
    ...           "event_type": "revenue"} for n in ("$7M", "$8M")]
    >>> model = train(rows, ["funding", "funding", "revenue", "revenue"], with_rules=False)
    >>> odd = {"evidence": "Revenue reached $9M last year.", "amount_text": "$9M",
    ...        "event_type": "funding"}
    >>> decide_veto(model, [rows[0], odd], veto_below=0.5)
    ['funding', 'revenue']
    """
    if not rows:
        return []
    classes, probs = model.probabilities(rows)
    out = []
    for r, p in zip(rows, probs, strict=True):
        rules_type = str(r["event_type"])
        given = dict(zip(classes, p, strict=True))
        if rules_type in PRIMARY_TYPES and given.get(rules_type, 0.0) < veto_below:
            rest = [(given[c], c) for c in classes if c not in PRIMARY_TYPES]
            out.append(_as_type(str(max(rest)[1]), rules_type) if rest else "other")
        else:
            out.append(rules_type)
    return out


# --------------------------------------------------------------------------------------------
# The comparison


@dataclass
class Labelled:
    """One scored set's extracted rows (as a frame and as records), their labels and gold."""

    name: str
    gold: list[dict[str, Any]]
    table: pd.DataFrame
    labels: list[str | None]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.rows:
            self.rows = self.table.to_dict(orient="records")

    def training(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The rows with a label (either-type rows left out) and their labels."""
        pairs = [(r, lab) for r, lab in zip(self.rows, self.labels, strict=True) if lab]
        return [r for r, _ in pairs], [lab for _, lab in pairs]


def labelled(scored: SetScore) -> Labelled:
    """A scored set with the labels of its extracted rows."""
    from analytics.evaluate import load_gold

    gold = load_gold(scored.gold_set.gold)
    return Labelled(scored.gold_set.name, gold, scored.table, labels_for(gold, scored.table))


def load_sets(sets: Sequence[GoldSet]) -> list[Labelled]:
    """Extract and label every set (the extractor runs once a set)."""
    from analytics.gold_sets import score_set

    return [labelled(score_set(s)) for s in sets]


def retyped(table: pd.DataFrame, types: Sequence[str]) -> pd.DataFrame:
    """The extracted frame with its ``event_type`` replaced."""
    out = table.copy()
    out["event_type"] = pd.array(list(types), dtype=out["event_type"].dtype)
    return out


#: The ways of deciding compared, in the table's order.
WAYS = ("rules", "model", "both", "veto")


@dataclass
class Comparison:
    """Held-out reports per set and way (``rules``, ``model``, ``both``, ``veto``)."""

    reports: dict[str, dict[str, Report]] = field(default_factory=dict)

    def pooled(self, names: Sequence[str], way: str) -> TypeScore:
        return sum((self.reports[name][way].primary() for name in names), TypeScore())

    def frame(self) -> pd.DataFrame:
        """One row a held-out set (then pooled over the real-news sets and over all), with each
        way's primary F1, precision and recall."""
        names = list(self.reports)
        real = [n for n in names if n.startswith("real_")]
        groups: list[tuple[str, list[str]]] = [(n, [n]) for n in names]
        rest = [n for n in names if n not in real]
        groups += [("pooled real_*", real), ("pooled other", rest), ("pooled all", names)]
        rows = []
        for label, members in groups:
            if not members:
                continue
            row: dict[str, Any] = {"held-out set": label}
            for way in WAYS:
                s = self.pooled(members, way)
                row[f"{way} F1"] = f"{s.f1:.3f}"
                row[f"{way} P"] = f"{s.precision:.3f}"
                row[f"{way} R"] = f"{s.recall:.3f}"
            rows.append(row)
        return pd.DataFrame(rows)


def compare(
    data: Sequence[Labelled], *, progress: Callable[[str], None] | None = None
) -> Comparison:
    """Leave one set out: train on every other set, score the held-out one each way."""
    result = Comparison()
    # Each set's features once, not once a fold (19 times).
    training = [d.training() for d in data]
    feats = {
        wr: [[features(r, with_rules=wr) for r in rows] for rows, _ in training]
        for wr in (False, True)
    }
    for k, held in enumerate(data):
        others = [j for j in range(len(data)) if j != k]
        train_rows = [r for j in others for r in training[j][0]]
        train_labels = [lab for j in others for lab in training[j][1]]
        alone, with_rules = (
            train(
                train_rows,
                train_labels,
                with_rules=wr,
                feats=[f for j in others for f in feats[wr][j]],
            )
            for wr in (False, True)
        )
        rows = held.rows
        result.reports[held.name] = {
            "rules": score(held.gold, held.table),
            "model": score(held.gold, retyped(held.table, decide_model(alone, rows))),
            "both": score(held.gold, retyped(held.table, decide_both(with_rules, rows))),
            "veto": score(held.gold, retyped(held.table, decide_veto(alone, rows))),
        }
        if progress:
            progress(held.name)
    return result


def score_unseen(
    data: Sequence[Labelled], gold: list[dict[str, Any]], table: pd.DataFrame
) -> dict[str, Report]:
    """Each way's report on a set none of ``data`` holds, the models trained on all of ``data``:
    the comparison to run on a new set when it is first scored (blind), before any rule it
    prompts."""
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    for d in data:
        r, lab = d.training()
        rows += r
        labels += lab
    records = table.to_dict(orient="records")
    alone = train(rows, labels, with_rules=False)
    with_rules = train(rows, labels, with_rules=True)
    return {
        "rules": score(gold, table),
        "model": score(gold, retyped(table, decide_model(alone, records))),
        "both": score(gold, retyped(table, decide_both(with_rules, records))),
        "veto": score(gold, retyped(table, decide_veto(alone, records))),
    }


def unseen_text(reports: dict[str, Report]) -> str:
    """One line a way: primary F1, precision and recall."""
    lines = []
    for way, report in reports.items():
        s = report.primary()
        lines.append(f"{way:<6} F1 {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}")
    return "\n".join(lines)


def comparison_table(comparison: Comparison, *, markdown: bool = False) -> str:
    """The comparison's frame as aligned text, or as a Markdown table for the docs."""
    frame = comparison.frame()
    if not markdown:
        return frame.to_string(index=False)
    return markdown_table(frame)
