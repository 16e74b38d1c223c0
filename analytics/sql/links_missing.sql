-- The events with no link row yet, their rule columns ({columns}).
SELECT {columns}, false AS manual FROM events e
WHERE NOT EXISTS (SELECT 1 FROM event_groups g WHERE g.event_id = e.event_id)
