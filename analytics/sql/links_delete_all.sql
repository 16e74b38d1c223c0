-- Every link (all are written again).
DELETE FROM event_groups
