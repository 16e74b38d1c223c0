-- A journal row moved to another state, with its reason.
UPDATE uploads SET state = ?, reason = ?, updated_at = ? WHERE upload_id = ?
