-- Revisits made, from a JSON-lines file ($1). $2: the run, $3: the topic (NULL: the run's).
INSERT INTO revisit_fact (run_id, topic, article_id, url, revisited_at, outcome, http_status,
                          etag, last_modified, body_hash, content_hash, bytes, error,
                          recorded_at)
SELECT $2, coalesce($3, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $2)),
       article_id, url, revisited_at, outcome, http_status, etag, last_modified,
       body_hash, content_hash, bytes, error, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'article_id': 'VARCHAR', 'url': 'VARCHAR', 'revisited_at': 'TIMESTAMPTZ',
    'outcome': 'VARCHAR', 'http_status': 'INTEGER', 'etag': 'VARCHAR',
    'last_modified': 'VARCHAR', 'body_hash': 'VARCHAR', 'content_hash': 'VARCHAR',
    'bytes': 'BIGINT', 'error': 'VARCHAR'})
