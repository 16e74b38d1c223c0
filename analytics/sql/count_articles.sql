-- How many articles are stored.
SELECT count(*) FROM articles
