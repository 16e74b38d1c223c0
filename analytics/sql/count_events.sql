-- How many events are stored.
SELECT count(*) FROM events
