-- One page ({page}) of the store's events {where} keeps in the order {order}: cut on the sort
-- columns first, then only its rows are read whole.
SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events WHERE {where}
                                     ORDER BY {order} {page})
ORDER BY {order}
