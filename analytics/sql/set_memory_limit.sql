-- DuckDB's memory limit set to {limit}.
SET memory_limit = '{limit}'
