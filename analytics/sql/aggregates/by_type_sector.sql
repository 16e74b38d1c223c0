-- USD total per event type and sector.
SELECT event_type, coalesce(sector, 'unknown') AS sector,
       sum(amount_usd) AS amount_usd, count(*) AS events, {top}
FROM {filtered} WHERE amount_usd IS NOT NULL
GROUP BY ALL ORDER BY amount_usd DESC, sector, event_type
