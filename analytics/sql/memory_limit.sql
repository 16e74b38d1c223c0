-- DuckDB's memory limit as set now.
SELECT current_setting('memory_limit')
