-- Stored events per event type.
SELECT event_type, count(*) AS n FROM events GROUP BY ALL
