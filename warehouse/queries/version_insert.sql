INSERT INTO article_version (article_id, version, fetched_at, content_hash, title, text, source, note)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
