-- The rows of {relation} the clause {where} keeps (a sub-query).
SELECT * FROM {relation} WHERE {where}
