INSERT INTO article_check (run_id, article_id, checked_at, content_hash, outcome)
SELECT ?, v.article_id, ?, v.content_hash, 'unchanged'
FROM article_version v
WHERE v.article_id IN (SELECT unnest(?::VARCHAR[]))
QUALIFY row_number() OVER (PARTITION BY v.article_id ORDER BY v.version DESC) = 1
