-- Per event type: events, undisclosed ones, USD total, rows with no rate.
SELECT event_type,
       count(*) AS events,
       count(*) FILTER (WHERE undisclosed) AS undisclosed,
       count(amount_usd) AS priced,
       count(*) FILTER (WHERE NOT undisclosed AND amount_usd IS NULL) AS no_rate,
       coalesce(sum(amount_usd), 0) AS amount_usd
FROM {filtered} GROUP BY event_type ORDER BY event_type
