-- New links (registered as incoming_links).
INSERT INTO event_groups
SELECT event_id, group_id, manual, block, counted FROM incoming_links
