-- The events totals count: not an extra report of a grouped event, not rejected by a reviewer.
SELECT * FROM events WHERE counted IS NOT FALSE AND review IS DISTINCT FROM 'rejected'
