-- The counted flag of an older store's events.
ALTER TABLE events ADD COLUMN counted BOOLEAN
