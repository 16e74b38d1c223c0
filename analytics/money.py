"""Finding and normalizing money amounts (being written: see docs/ARCHITECTURE.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    text: str
    amount: float
    currency: str
    amount_max: float | None = None
    qualifier: str | None = None
    alt_amount: float | None = None
    alt_currency: str | None = None


def find_amounts(text: str) -> list[Money]:
    raise NotImplementedError


def parse_money(phrase: str) -> Money | None:
    raise NotImplementedError
