"""Articles to the events table: ``analytics.extractor.pipeline``'s entry points, re-exported.

>>> extract_events("Acme raises $5M\\n\\nAcme raised $5 million in a seed round.")["round"].tolist()
['seed']
"""

from analytics.extractor.pipeline import extract_articles, extract_events, extract_file

__all__ = ["extract_articles", "extract_events", "extract_file"]
