-- A column of the schema an older store's events table lacks.
ALTER TABLE events ADD COLUMN "{name}" {type}
