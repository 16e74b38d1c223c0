-- Whether a table or view of this name exists.
SELECT count(*) FROM information_schema.tables WHERE table_name = ?
