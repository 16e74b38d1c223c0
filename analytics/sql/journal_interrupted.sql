-- Pending rows of an earlier process marked interrupted (parameters: time, reason, whether this
-- is the process's first open of the file, the pending states).
UPDATE uploads SET state = 'interrupted', updated_at = ?, reason = ?
WHERE ? AND list_contains(?::VARCHAR[], state)
