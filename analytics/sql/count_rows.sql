-- How many rows {table} has (read on opening: a damaged file fails there).
SELECT count(*) FROM {table}
