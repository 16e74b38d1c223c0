-- The links of the events about to be linked again (registered as regrouped_ids).
DELETE FROM event_groups WHERE event_id IN (SELECT event_id FROM regrouped_ids)
