-- One stored article's fields.
SELECT title, body, source, published, url FROM articles WHERE article_id = ?
