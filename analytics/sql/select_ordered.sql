-- The rows of {relation} the clause {where} keeps, in the order {order}.
SELECT * FROM {relation} WHERE {where} ORDER BY {order}
