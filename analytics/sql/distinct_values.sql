-- The distinct values of the text column {column} ({limit}: the most frequent), sorted.
SELECT v FROM (SELECT "{column}" AS v, count(*) AS n FROM events
               WHERE "{column}" IS NOT NULL GROUP BY 1 ORDER BY n DESC, v {limit})
ORDER BY lower(v), v
