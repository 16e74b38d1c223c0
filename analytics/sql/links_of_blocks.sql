-- The linked events of the blocks in the list parameter, their rule columns ({columns}).
SELECT {columns}, g.manual FROM event_groups g
JOIN (SELECT DISTINCT unnest(?::VARCHAR[]) AS block) k ON k.block = g.block
JOIN events e ON e.event_id = g.event_id
