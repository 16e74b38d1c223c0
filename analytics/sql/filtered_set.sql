-- What a filtered set keeps of each event the clause {where} keeps: the columns the aggregates,
-- the row count and the table's sort orders read, the counted flag, and the rowid to fetch a
-- page's rows by. The amount as written is kept only beside a USD amount (the only rows whose
-- largest deal it can name).
SELECT rowid AS rid, (coalesce(counted, true) AND review IS DISTINCT FROM 'rejected') AS counted,
       event_type, sector, company, counterparty, amount_usd,
       CASE WHEN amount_usd IS NOT NULL THEN amount_text END AS amount_text, undisclosed,
       article_date, event_date, review, confidence
FROM events WHERE {where}
