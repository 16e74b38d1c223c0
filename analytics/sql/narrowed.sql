-- A cached filtered set (registered as broader_set) cut down by the clauses {where}.
SELECT * FROM broader_set WHERE {where}
