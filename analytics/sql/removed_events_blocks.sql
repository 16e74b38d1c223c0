-- The type and company of each removed event (their grouping blocks).
SELECT event_type, company FROM removed_events
