-- A poll saw these articles unchanged (through their feed entries). Parameters: run_id, topic,
-- checked_at, article ids.
INSERT INTO article_check_fact (run_id, topic, article_id, checked_at, content_hash, outcome,
                                recorded_at)
SELECT $1, coalesce($2, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $1)),
       v.article_id, $3, v.content_hash, 'unchanged', now()
FROM article_version v
WHERE v.article_id IN (SELECT unnest($4::VARCHAR[]))
QUALIFY row_number() OVER (PARTITION BY v.article_id ORDER BY v.version DESC) = 1
