-- Arrow string views: no copy of the text into one buffer (DuckDB reads them back as is).
SET SESSION produce_arrow_string_view = true
