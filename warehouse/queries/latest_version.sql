SELECT version, content_hash, source
FROM article_version WHERE article_id = ? ORDER BY version DESC LIMIT 1
