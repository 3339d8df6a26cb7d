SELECT version, content_hash FROM article_version WHERE article_id = ? ORDER BY version DESC LIMIT 1
