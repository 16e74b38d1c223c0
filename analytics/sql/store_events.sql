-- The stored events with exactly the schema's columns (no counted flag).
SELECT * EXCLUDE (counted) FROM events
