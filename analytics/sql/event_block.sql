-- The type and company of one event (what its grouping block is made of).
SELECT event_type, company FROM events WHERE event_id = ?
