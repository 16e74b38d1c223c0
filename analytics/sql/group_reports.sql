-- The reports of one event's group ({columns} of each, counted, manual), earliest first; the
-- parameters are the event id and its group id.
SELECT {columns}, coalesce(g.counted, true) AS counted,
       coalesce(g.manual, false) AS manual
FROM events e LEFT JOIN event_groups g ON g.event_id = e.event_id
WHERE e.event_id = ? OR e.event_id IN
    (SELECT event_id FROM event_groups WHERE group_id = ?)
ORDER BY e.article_date NULLS LAST, e.event_id
