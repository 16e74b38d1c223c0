-- Fines in USD per fining authority (the counterparty).
SELECT coalesce(counterparty, 'unknown') AS authority, event_type,
       sum(amount_usd) AS amount_usd, count(*) AS events, {top}
FROM {filtered} WHERE event_type = 'fine' AND amount_usd IS NOT NULL
GROUP BY ALL ORDER BY amount_usd DESC, authority LIMIT {limit}
