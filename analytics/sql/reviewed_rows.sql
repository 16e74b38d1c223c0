-- Every reviewed event with its current values, in the order they were stored.
SELECT * FROM events WHERE review IS NOT NULL ORDER BY rowid
