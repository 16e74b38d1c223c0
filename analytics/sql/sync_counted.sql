-- events.counted set from event_groups.counted for the ids in {relation} (no link: counted);
-- only rows whose flag changes are written.
UPDATE events SET counted = k.counted
FROM (SELECT i.event_id, coalesce(g.counted, true) AS counted
      FROM (SELECT DISTINCT event_id FROM {relation}) i
      LEFT JOIN event_groups g ON g.event_id = i.event_id) k
WHERE events.event_id = k.event_id
  AND coalesce(events.counted, true) <> k.counted
