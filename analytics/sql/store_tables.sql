-- The tables of the open store file, by name.
SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()
ORDER BY table_name
