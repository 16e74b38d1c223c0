-- How many events are of the types in the list parameter.
SELECT count(*) FROM events WHERE list_contains(?::VARCHAR[], event_type)
