"""Rules or a model (``analytics/learned.py``, ``python -m analytics learn``): labels from gold,
a deterministic model, the leave-one-set-out comparison and its command.

Every story here is ours: invented firms ("Quillmark", "Tarnby") and a verb no cue knows
("snaffled ... for $N": an acquisition's price), so that only a model trained on the other sets
can type it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from analytics import extract_events, learned
from analytics.cli import main

_BUYERS = ("Quillmark", "Brisket", "Halvard", "Ornata", "Pellory", "Sundew", "Tamsin", "Vexley")
_TARGETS = ("Tarnby", "Holloway", "Juniper", "Kestrel", "Lumen", "Marrow", "Nettle", "Oxley")


def _story(n: int) -> tuple[str, list[dict[str, object]]]:
    """One invented story (headline, blank line, body) and its gold rows."""
    buyer, target = _BUYERS[n % 8], _TARGETS[(n * 3) % 8]
    title = f"{buyer} weekly notes, issue {n}"
    price, round_size, revenue = 5 + n, 20 + n, 2 + n
    body = (
        f"{buyer} snaffled {target} for ${price} million on Monday. "
        f"{buyer} raised ${round_size} million in a seed round led by Ovo Capital. "
        f"The firm had revenue of ${revenue} million."
    )
    gold = [
        {"type": "acquisition", "company": target, "counterparty": buyer, "amount": price},
        {"type": "funding", "company": buyer, "counterparty": "Ovo Capital", "amount": round_size},
        {"type": "revenue", "company": buyer, "amount": revenue},
    ]
    rows = [
        {"article": title, "currency": "USD", "alt": None, **g, "amount": g["amount"] * 1e6}
        for g in gold
    ]
    return f"{title}\n\n{body}", rows


def _labelled(name: str, numbers: range) -> learned.Labelled:
    texts, gold = [], []
    for n in numbers:
        text, rows = _story(n)
        texts.append(text)
        gold += rows
    table = extract_events("\n\n\n".join(texts)).reset_index(drop=True)
    return learned.Labelled(name, gold, table, learned.labels_for(gold, table))


def test_labels_match_gold_type_aside_and_leave_either_type_rows_out() -> None:
    text = (
        "Quillmark news\n\nQuillmark snaffled Tarnby for $5 million on Monday. "
        "Quillmark raised $3 million in a seed round led by Ovo Capital. "
        "The firm had revenue of $2 million. It plans to spend $1 million on hiring."
    )
    table = extract_events(text)
    assert table["event_type"].tolist() == ["other", "funding", "revenue", "other"]
    base = {"article": "Quillmark news", "currency": "USD", "alt": None}
    gold = [
        {**base, "type": "acquisition", "amount": 5e6},
        {**base, "type": "funding", "amount": 3e6},
        {**base, "type": "revenue", "amount": 2e6, "note": "SPECULATIVE: a guess"},
    ]
    # The $5m takes the gold acquisition although the rules typed it other; the $2m matches an
    # either-type row (left out); the $1m matches nothing (an extra: "none").
    assert learned.labels_for(gold, table) == ["acquisition", "funding", None, "none"]


def test_features_read_the_amounts_neighbours_and_the_rules_type_only_when_asked() -> None:
    row = {
        "evidence": "Quillmark snaffled Tarnby for $5 million on Monday.",
        "amount_text": "$5 million",
        "article_title": "Quillmark news",
        "amount_usd": 5e6,
        "company": "Tarnby",
        "event_type": "other",
    }
    plain = learned.features(row, with_rules=False)
    assert {"b1=for", "b2=tarnby", "b3=snaffled", "a1=on", "a2=monday", "bb=tarnby_for"} <= set(
        plain
    )
    assert plain["company=True"] == 1.0 and plain["counterparty=False"] == 1.0
    assert plain["capitalized_before"] == 1.0
    assert not any(k.startswith("rules=") for k in plain)
    assert learned.features(row, with_rules=True)["rules=other"] == 1.0


def test_training_is_deterministic() -> None:
    data = _labelled("a", range(9))
    rows, labels = data.training()
    first = learned.train(rows, labels, with_rules=True)
    second = learned.train(list(rows), list(labels), with_rules=True)
    assert first.vectorizer.feature_names_ == second.vectorizer.feature_names_
    for one, two in zip(first.classifier.estimators_, second.classifier.estimators_, strict=True):
        assert (one.coef_ == two.coef_).all() and (one.intercept_ == two.intercept_).all()
    # A feature of one row only is dropped: Kestrel is bought in one story of the nine, Tarnby
    # in two (stories 0 and 8).
    assert "b3=snaffled" in first.vectorizer.vocabulary_
    assert "b2=tarnby" in first.vectorizer.vocabulary_
    assert "b2=kestrel" not in first.vectorizer.vocabulary_


def test_leaving_one_set_out_the_model_learns_what_the_rules_miss() -> None:
    sets = [_labelled(name, range(start, start + 6)) for name, start in (("a", 0), ("b", 6))]
    sets.append(_labelled("real_c", range(12, 18)))
    result = learned.compare(sets)
    for data in sets:
        rules = result.reports[data.name]["rules"].primary()
        model = result.reports[data.name]["model"].primary()
        # The rules read "snaffled ... for $N" as other: six acquisitions missed a set.
        assert (rules.true_positives, rules.false_positives, rules.false_negatives) == (6, 0, 6)
        assert (model.true_positives, model.false_positives, model.false_negatives) == (12, 0, 0)
    frame = result.frame().set_index("held-out set")
    assert list(frame.index) == ["a", "b", "real_c", "pooled real_*", "pooled other", "pooled all"]
    assert frame.loc["pooled all", "rules R"] == "0.500"
    assert frame.loc["pooled all", "model F1"] == "1.000"


def _row(evidence: str, amount: str, event_type: str) -> dict[str, object]:
    return {"evidence": evidence, "amount_text": amount, "event_type": event_type}


def test_a_veto_takes_away_only_the_primary_types_the_model_finds_unlikely() -> None:
    rounds = [
        _row(f"Tarnby raised {n} from Halden Capital.", n, "funding") for n in "$4M $5M $6M".split()
    ]
    sales = [_row(f"Its sales reached {n} last year.", n, "revenue") for n in "$7M $8M $9M".split()]
    model = learned.train(rounds + sales, ["funding"] * 3 + ["revenue"] * 3, with_rules=False)
    rows = [
        _row("Kestrel raised $3M from Halden Capital.", "$3M", "funding"),  # the model agrees
        _row("Its sales reached $2M last year.", "$2M", "funding"),  # a look-alike read as a round
        _row("Kestrel raised $1M from Halden Capital.", "$1M", "revenue"),  # never made primary
    ]
    assert learned.decide_veto(model, rows, veto_below=0.5) == ["funding", "revenue", "revenue"]
    assert learned.decide_veto(model, rows, veto_below=0.0) == ["funding", "funding", "revenue"]
    assert learned.decide_veto(model, []) == []


def _write_set(root: Path, name: str, numbers: range) -> str:
    folder = root / "sets" / name
    folder.mkdir(parents=True)
    texts, gold = [], []
    for n in numbers:
        text, rows = _story(n)
        texts.append(text)
        gold += rows
    (folder / "stories.txt").write_text("\n\n\n".join(texts), "utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), "utf-8")
    return f"{name}\tsets/{name}\tgold.jsonl\tinvented\n"


def _registry(tmp_path: Path, *sets: tuple[str, range]) -> Path:
    """A sets registry under ``tmp_path`` listing the sets written by ``_write_set``."""
    registry = tmp_path / "tests" / "fixtures" / "SETS.tsv"
    registry.parent.mkdir(parents=True)
    rows = "".join(_write_set(tmp_path, name, stories) for name, stories in sets)
    registry.write_text("name\tfolder\tgold\tabout\n" + rows, "utf-8")
    return registry


def test_learn_command_prints_the_held_out_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = _registry(tmp_path, ("a", range(0, 6)), ("real_b", range(6, 12)))
    assert main(["learn", "--registry", str(registry), "--markdown"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("| held-out set | rules F1 | rules P | rules R | model F1 |")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in out[2:]}
    assert set(rows) == {"a", "real_b", "pooled real_*", "pooled other", "pooled all"}
    assert rows["real_b"].startswith("| real_b | 0.667 | 1.000 | 0.500 | 1.000 | 1.000 | 1.000 |")


def test_learn_command_needs_two_sets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = _registry(tmp_path, ("a", range(3)))
    assert main(["learn", "--registry", str(registry)]) == 2
    assert capsys.readouterr().err == (
        "error: learn needs at least two scored sets to leave one out\n"
    )


def test_learn_score_types_a_new_set_each_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = _registry(tmp_path, ("a", range(0, 6)), ("b", range(6, 12)))
    _write_set(tmp_path, "new", range(12, 16))  # not in the registry: never trained on
    new = tmp_path / "sets" / "new"
    argv = ["learn", "--registry", str(registry), "--score"]
    assert main([*argv, str(new / "gold.jsonl"), str(new / "stories.txt")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "rules  F1 0.667  P 1.000  R 0.500",
        "model  F1 1.000  P 1.000  R 1.000",
        "both   F1 1.000  P 1.000  R 1.000",
        "veto   F1 0.667  P 1.000  R 0.500",  # a veto only takes primary types away
    ]
    assert main([*argv, str(new / "gold.jsonl")]) == 2
    assert "needs a gold file and the story files" in capsys.readouterr().err
