-- The counted flag filled from the link table.
UPDATE events SET counted = false WHERE event_id IN
    (SELECT event_id FROM event_groups WHERE NOT counted)
