"""Dealscope analytics: news articles in, an evidence-linked table of money events out.

>>> from analytics import extract_events
>>> df = extract_events("Acme raises $5M\\n\\nAcme raised $5 million in a seed round.")
>>> df[["event_type", "company", "amount", "currency", "round"]].values.tolist()
[['funding', 'Acme', 5000000.0, 'USD', 'seed']]
"""

# The public names, re-exported (the "import x as x" form marks a re-export for type checkers
# and linters, without a list of names to keep in step).
from analytics.articles import Article as Article
from analytics.errors import InputError as InputError
from analytics.extract import extract_articles as extract_articles
from analytics.extract import extract_events as extract_events
from analytics.extract import extract_file as extract_file
from analytics.money import Money as Money
from analytics.money import find_amounts as find_amounts
from analytics.money import parse_money as parse_money
from analytics.reading import read_articles as read_articles
from analytics.schema import COLUMN_NAMES as COLUMN_NAMES
from analytics.schema import COLUMNS as COLUMNS
from analytics.schema import EVENT_TYPES as EVENT_TYPES
from analytics.schema import PRIMARY_TYPES as PRIMARY_TYPES
