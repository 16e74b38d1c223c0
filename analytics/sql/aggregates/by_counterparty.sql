-- USD per counterparty (the lead investor, the authority, the buyer: the first of a '; ' list)
-- and type, the largest of each type.
SELECT * FROM (
    SELECT coalesce(nullif(trim(split_part(counterparty, ';', 1)), ''), 'unknown')
               AS counterparty, event_type,
           sum(amount_usd) AS amount_usd, count(*) AS events, {top}
    FROM {filtered} WHERE amount_usd IS NOT NULL GROUP BY 1, 2)
QUALIFY row_number() OVER (PARTITION BY event_type
                           ORDER BY amount_usd DESC, counterparty) <= {limit}
ORDER BY amount_usd DESC, counterparty, event_type
