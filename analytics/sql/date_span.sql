-- The first and last publication date of the stored articles.
SELECT min(published), max(published) FROM articles
