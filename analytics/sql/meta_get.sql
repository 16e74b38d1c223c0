-- One value of the meta table.
SELECT value FROM meta WHERE key = ?
