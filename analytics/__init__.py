"""Dealscope analytics: news articles in, an evidence-linked table of money events out.

>>> from analytics import extract_events
>>> df = extract_events("Acme raises $5M\\n\\nAcme raised $5 million in a seed round.")
>>> df[["event_type", "company", "amount", "currency", "round"]].values.tolist()
[['funding', 'Acme', 5000000.0, 'USD', 'seed']]
"""

from analytics.articles import Article
from analytics.errors import InputError
from analytics.extract import extract_articles, extract_events, extract_file
from analytics.money import Money, find_amounts, parse_money
from analytics.reading import read_articles
from analytics.schema import COLUMN_NAMES, COLUMNS, EVENT_TYPES, PRIMARY_TYPES

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "EVENT_TYPES",
    "PRIMARY_TYPES",
    "Article",
    "InputError",
    "Money",
    "extract_articles",
    "extract_events",
    "extract_file",
    "find_amounts",
    "parse_money",
    "read_articles",
]
