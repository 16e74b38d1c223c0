-- The store's events whose rowid is in the list parameter, in the order {order}.
SELECT * FROM events WHERE rowid IN (SELECT unnest(?::BIGINT[])) ORDER BY {order}
