-- The columns of the events table.
SELECT column_name FROM (DESCRIBE events)
