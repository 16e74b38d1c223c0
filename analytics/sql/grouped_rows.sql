-- Every row of a grouped relation, by group id.
SELECT * FROM {relation} ORDER BY group_id
