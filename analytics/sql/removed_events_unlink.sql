-- The links of the removed events.
DELETE FROM event_groups WHERE event_id IN (SELECT event_id FROM removed_events)
