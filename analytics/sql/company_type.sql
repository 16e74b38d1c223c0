-- top_companies before the top is cut: per company and event type of {relation}.
SELECT company, event_type, sum(amount_usd) AS amount_usd,
       count(*) AS events, {top}
FROM {relation} WHERE amount_usd IS NOT NULL AND company IS NOT NULL
GROUP BY company, event_type
