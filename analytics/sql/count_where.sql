-- How many events the clause {where} keeps.
SELECT count(*) FROM events WHERE {where}
