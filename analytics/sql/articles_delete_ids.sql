-- The articles in the list parameter taken out.
DELETE FROM articles WHERE list_contains(?::VARCHAR[], article_id)
