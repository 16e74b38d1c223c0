-- The companies with the most USD, split by event type.
WITH top AS (
    SELECT company, sum(amount_usd) AS company_usd FROM {filtered}
    WHERE amount_usd IS NOT NULL AND company IS NOT NULL
    GROUP BY company ORDER BY company_usd DESC, company LIMIT {limit})
SELECT company, event_type, sum(amount_usd) AS amount_usd, count(*) AS events,
       {top}, any_value(company_usd) AS company_usd
FROM {filtered} JOIN top USING (company) WHERE amount_usd IS NOT NULL
GROUP BY company, event_type ORDER BY company_usd DESC, company, event_type
