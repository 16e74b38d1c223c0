-- The removed events themselves.
DELETE FROM events WHERE event_id IN (SELECT event_id FROM removed_events)
