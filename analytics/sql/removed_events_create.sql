-- The events of the articles in the list parameter (an upload being removed).
CREATE OR REPLACE TEMP TABLE removed_events AS
SELECT e.event_id, e.event_type, e.company FROM events e
WHERE list_contains(?::VARCHAR[], e.article_id)
