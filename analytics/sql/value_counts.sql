-- Events per value of the text column {column}, the most frequent first ({limit}).
SELECT "{column}" AS v, count(*) AS n FROM events WHERE "{column}" IS NOT NULL
GROUP BY 1 ORDER BY n DESC, v {limit}
