-- The links between reports of one event: each report's group, whether it was ungrouped by
-- hand, its block (type and company) and whether totals count it.
CREATE TABLE IF NOT EXISTS event_groups (
    event_id VARCHAR, group_id VARCHAR, manual BOOLEAN, block VARCHAR, counted BOOLEAN)
