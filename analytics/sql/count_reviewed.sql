-- Reviewed events per review state.
SELECT review, count(*) AS n FROM events WHERE review IS NOT NULL GROUP BY ALL
