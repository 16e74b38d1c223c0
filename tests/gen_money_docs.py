"""Write docs/money_forms.md from the money forms table: ``python -m tests.gen_money_docs``."""

from __future__ import annotations

from pathlib import Path

from tests.money_forms_table import FORMS, NOT_MONEY

_DOC = Path(__file__).resolve().parents[1] / "docs" / "money_forms.md"


def _amount(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def render() -> str:
    """The document's text."""
    lines = [
        "# Money forms read",
        "",
        "Generated from `tests/money_forms_table.py` by `python -m tests.gen_money_docs`; do not "
        "edit by hand (`tests/test_money_forms.py` checks it is up to date). Every row is a test: "
        "`find_amounts` reads the phrase as one amount of that value and currency. Rows marked "
        "*not yet* are known misses (strict xfails). The older tables in "
        "`tests/test_money_phrases.py` cover the common forms (`$8M`, `Rs 500 crore`, ranges, "
        "qualifiers, parenthetical equivalents).",
        "",
    ]
    for group, (about, rows) in FORMS.items():
        lines += [f"## {group}", "", about, "", "| written | amount | currency |", "|---|---|---|"]
        for row in rows:
            phrase, amount, currency = row[:3]
            options = row[3] if len(row) > 3 else {}
            value = _amount(amount)
            if "hi" in options:
                value += f" to {_amount(options['hi'])}"
            if "xfail" in options:
                value += f" (*not yet*: {options['xfail']})"
            shown = phrase.replace("\u00a0", "&nbsp;").replace("\u202f", "&#8239;")
            lines.append(f"| `{shown}` | {value} | {currency} |")
        lines.append("")
    lines += ["## Not money", "", "Each of these reads as no amount.", ""]
    for group, phrases in NOT_MONEY.items():
        lines.append(f"- {group}: " + ", ".join(f"`{p}`" for p in phrases))
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    _DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {_DOC}")


if __name__ == "__main__":
    main()
