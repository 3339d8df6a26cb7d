-- The article checks of revisits that stored no reading (a reading goes through
-- check_bulk_insert): 'unchanged' (304, or the same body) carries the article's title, which
-- marks a check in which the page answered; 'withdrawn' (404/410) and 'failed' carry none.
-- From a JSON-lines file ($1); $2: the run, $3: the topic.
INSERT INTO article_check_fact (run_id, topic, article_id, checked_at, content_hash, outcome,
                                error, title, published_at, updated_at, on_topic, recorded_at)
SELECT $2, coalesce($3, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $2)),
       article_id, checked_at, content_hash, outcome, error, title, NULL, NULL, NULL,
       now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'article_id': 'VARCHAR', 'checked_at': 'TIMESTAMPTZ', 'content_hash': 'VARCHAR',
    'outcome': 'VARCHAR', 'error': 'VARCHAR', 'title': 'VARCHAR'})
