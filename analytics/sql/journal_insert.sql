-- A journal row for a file that reached the server, before it is read.
INSERT INTO uploads (upload_id, session_id, name, original_name, size, sha256,
    state, reason, articles_read, new_articles, already_stored, events,
    events_by_type, notes, article_ids, received_at, updated_at, file_ref)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '{}', '[]', [], ?, ?, ?)
