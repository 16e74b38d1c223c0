-- An upload's outcome and figures, written with its articles.
UPDATE uploads SET state = ?, reason = NULL, articles_read = ?,
    new_articles = ?, already_stored = ?, events = ?, events_by_type = ?,
    notes = ?, article_ids = ?, updated_at = ?
WHERE upload_id = ?
