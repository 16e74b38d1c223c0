-- top_companies from company_type's rows in {per} (already narrowed), the {limit} largest.
WITH top AS (
    SELECT company, sum(amount_usd) AS company_usd FROM {per}
    GROUP BY company ORDER BY company_usd DESC, company LIMIT {limit})
SELECT company, event_type, amount_usd, events, top_company, top_amount_text,
       top_amount_usd, company_usd
FROM {per} JOIN top USING (company) ORDER BY company_usd DESC, company, event_type
