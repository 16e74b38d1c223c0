-- An upload's state and the articles it added.
SELECT state, article_ids FROM uploads WHERE upload_id = ?
