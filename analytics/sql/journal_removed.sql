-- An upload whose articles were taken out again.
UPDATE uploads SET state = 'removed', updated_at = ? WHERE upload_id = ?
