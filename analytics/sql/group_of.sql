-- The group of one linked event.
SELECT group_id FROM event_groups WHERE event_id = ?
