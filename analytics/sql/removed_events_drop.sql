-- See removed_events_create.
DROP TABLE removed_events
