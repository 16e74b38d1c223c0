-- No row of the events table (its columns, for an empty page).
SELECT * FROM events WHERE false
