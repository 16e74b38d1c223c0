-- One page ({page}) of the unreviewed events {where} keeps, in the review order {order}.
SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events
                                     WHERE review IS NULL AND {where} ORDER BY {order} {page})
ORDER BY {order}
