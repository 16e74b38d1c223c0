-- One row per group of {events} linked by {groups}: the counted report's columns, then
-- group_id, reports, amounts_text and the USD range; events with no link are their own group.
WITH linked AS (
    SELECT e.*, coalesce(g.group_id, e.event_id) AS group_id,
           coalesce(g.counted, true) AS counted
    FROM {events} AS e LEFT JOIN {groups} AS g ON g.event_id = e.event_id),
per_group AS (
    SELECT group_id, count(*) AS reports,
           string_agg(DISTINCT amount_text, ' | ' ORDER BY amount_text)
               FILTER (WHERE NOT coalesce(undisclosed, false)) AS amounts_text,
           min(amount_usd) AS amount_usd_low, max(amount_usd) AS amount_usd_high
    FROM linked GROUP BY group_id)
SELECT linked.* EXCLUDE (group_id, counted), per_group.*
FROM linked JOIN per_group USING (group_id)
WHERE linked.counted
