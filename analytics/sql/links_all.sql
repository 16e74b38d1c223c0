-- Every event's rule columns ({columns}) with whether it was ungrouped by hand.
SELECT {columns}, coalesce(g.manual, false) AS manual FROM events e
LEFT JOIN event_groups g ON g.event_id = e.event_id
