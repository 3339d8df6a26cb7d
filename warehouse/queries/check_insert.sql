INSERT INTO article_check (run_id, article_id, checked_at, content_hash, outcome, error)
VALUES (?, ?, ?, ?, ?, ?)
