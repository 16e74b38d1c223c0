-- One row per article content id, with its text.
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, published DATE,
    url VARCHAR, body VARCHAR, added_at TIMESTAMP)
