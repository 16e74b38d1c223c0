-- USD total per month (of the date in use) and event type.
SELECT substr({date}, 1, 7) AS month, event_type,
       sum(amount_usd) AS amount_usd, count(*) AS events, {top}
FROM {filtered} WHERE amount_usd IS NOT NULL AND {date} IS NOT NULL
GROUP BY ALL ORDER BY month, event_type
