-- The one event whose flag is synced after a manual change.
CREATE OR REPLACE TEMP TABLE manual_ids AS SELECT ?::VARCHAR AS event_id
