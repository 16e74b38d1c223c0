-- New articles (registered as incoming_articles).
INSERT INTO articles SELECT * FROM incoming_articles
