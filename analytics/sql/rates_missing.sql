-- Rows with an amount and no USD value in a currency the rates file has (first list
-- parameter), of every article (second parameter true) or of the articles in the third.
SELECT rowid, amount, currency, coalesce(event_date, article_date) FROM events
WHERE amount_usd IS NULL AND amount IS NOT NULL
  AND list_contains(?::VARCHAR[], currency)
  AND (? OR list_contains(?::VARCHAR[], article_id))
