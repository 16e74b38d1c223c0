"""The extractor: articles in, rows of money events out, one module per behaviour.

``text`` (sentences, clause spans, lower-case twins and needles), ``names``, ``cues`` (the cue
table of ``analytics/knowledge/cues.yaml``, its prefilter and scorer; rounds and statuses),
``dates``, ``context`` (what the whole article says), ``parties`` and ``pipeline`` (articles to
rows). The public entry points are re-exported by ``analytics.extract``.
"""
