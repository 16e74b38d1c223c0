-- How many of the articles in the list parameter are stored.
SELECT count(*) FROM articles WHERE list_contains(?::VARCHAR[], article_id)
