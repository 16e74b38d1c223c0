-- How many events a removal takes out.
SELECT count(*) FROM removed_events
