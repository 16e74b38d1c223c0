"""The classifier's names as ``analytics.classify`` gave them before the extractor became a
package (``analytics.extractor``): one place to import them from for older code and tests.

>>> classify_amount("Acme had raised only ", " in total.", "")[0]
'total_raised'
"""

from analytics.extractor import context, cues, dates, names, parties, text

for _module in (text, names, cues, dates, context, parties):
    globals().update({k: v for k, v in vars(_module).items() if not k.startswith("__")})
del _module
