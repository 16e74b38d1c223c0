-- The review tables and every statement analytics/review.py runs, by name ("-- name: x" starts one).
-- {placeholders} are filled by review.py from the schema (column lists); values are always "?".

-- name: create_corrections
CREATE TABLE IF NOT EXISTS corrections (
    article_id VARCHAR, span_start BIGINT, span_end BIGINT, field VARCHAR, value VARCHAR,
    PRIMARY KEY (article_id, span_start, span_end, field))

-- name: create_audit_log
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT, action_id BIGINT, changed_at TIMESTAMP, reviewer VARCHAR, event_id VARCHAR,
    article_id VARCHAR, span_start BIGINT, span_end BIGINT, action VARCHAR,
    field VARCHAR, before VARCHAR, after VARCHAR, undone BOOLEAN)

-- name: create_extracted_events
-- The events as extracted, kept before a review first changes them: {columns} is every column.
CREATE TABLE IF NOT EXISTS extracted_events ({columns}, PRIMARY KEY (event_id))

-- name: extracted_columns
SELECT column_name FROM (DESCRIBE extracted_events)

-- name: add_extracted_column
ALTER TABLE extracted_events ADD COLUMN {column}

-- name: row
-- What a review reads of one event: its keys, its date, the article's own conversion, its
-- review state and the fields a reviewer may correct ({editable}).
SELECT event_id, article_id, span_start, span_end, article_date, alt_amount, alt_currency,
       review, {editable}
FROM {table} WHERE event_id = ?

-- name: keep_extracted
INSERT {conflict} INTO extracted_events ({columns}) SELECT {columns} FROM events
WHERE event_id = ?

-- name: update_event
UPDATE events SET {sets} WHERE event_id = ?

-- name: set_review
UPDATE events SET review = ? WHERE event_id = ?

-- name: next_action
SELECT coalesce(max(seq), 0) + 1, coalesce(max(action_id), 0) + 1 FROM audit_log

-- name: log_change
INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)

-- name: drop_correction
DELETE FROM corrections WHERE article_id = ? AND span_start = ? AND span_end = ? AND field = ?

-- name: keep_correction
INSERT INTO corrections VALUES (?, ?, ?, ?, ?)

-- name: count_field_corrections
SELECT count(*) FROM corrections
WHERE article_id = ? AND span_start = ? AND span_end = ? AND field <> ?

-- name: last_action
SELECT max(action_id) FROM audit_log WHERE event_id = ? AND NOT undone AND action <> 'undo'

-- name: action_changes
SELECT field, before FROM audit_log WHERE action_id = ? ORDER BY seq

-- name: mark_undone
UPDATE audit_log SET undone = true WHERE action_id = ?

-- name: corrections_of_articles
SELECT e.event_id, c.field, c.value FROM corrections c JOIN events e
  ON e.article_id = c.article_id AND e.span_start = c.span_start AND e.span_end = c.span_end
WHERE list_contains(?::VARCHAR[], c.article_id)

-- name: audit_log
SELECT action_id, changed_at, reviewer, event_id, action, field, before, after, undone,
       article_id, span_start, span_end
FROM audit_log ORDER BY seq
