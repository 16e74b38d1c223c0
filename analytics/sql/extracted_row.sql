-- One event as the extractor wrote it (kept when it was reviewed).
SELECT * FROM extracted_events WHERE event_id = ?
