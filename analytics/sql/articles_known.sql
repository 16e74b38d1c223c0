-- Which of the article ids in the list parameter are stored.
SELECT article_id FROM articles WHERE list_contains(?::VARCHAR[], article_id)
