-- The upload journal: one row per received file, written before it is read.
CREATE TABLE IF NOT EXISTS uploads (
    upload_id VARCHAR, session_id VARCHAR, name VARCHAR, original_name VARCHAR,
    size BIGINT, sha256 VARCHAR, state VARCHAR, reason VARCHAR, articles_read INTEGER,
    new_articles INTEGER, already_stored INTEGER, events INTEGER,
    events_by_type VARCHAR, notes VARCHAR, article_ids VARCHAR[],
    received_at TIMESTAMP, updated_at TIMESTAMP, file_ref VARCHAR)
