-- Journal rows, newest first: of one session (NULL: all) and one upload (NULL: all); {limit}.
SELECT upload_id, name, original_name, size, sha256, state, session_id, reason, articles_read,
       new_articles, already_stored, events, events_by_type, notes, article_ids, received_at,
       updated_at
FROM uploads
WHERE (?::VARCHAR IS NULL OR session_id = ?) AND (?::VARCHAR IS NULL OR upload_id = ?)
ORDER BY received_at DESC, upload_id {limit}
