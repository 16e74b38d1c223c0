-- One value of the meta table, written or replaced.
INSERT INTO meta VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value
