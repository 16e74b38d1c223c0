-- One event made its own counted group, ungrouped by hand or not.
UPDATE event_groups SET manual = ?, group_id = event_id, counted = true
WHERE event_id = ?
