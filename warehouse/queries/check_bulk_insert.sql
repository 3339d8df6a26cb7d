-- What a poll saw of each article, from a JSON-lines file ($1): the outcome and what the
-- article said then (the article view takes its latest title, dates and verdict from these).
-- $2: the run, $3: the topic.
INSERT INTO article_check_fact (run_id, topic, article_id, checked_at, content_hash, outcome,
                                error, title, published_at, updated_at, on_topic, recorded_at)
SELECT $2, $3, article_id, checked_at, content_hash, outcome, NULL, title, published_at,
       updated_at, on_topic, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'article_id': 'VARCHAR', 'checked_at': 'TIMESTAMPTZ', 'content_hash': 'VARCHAR',
    'outcome': 'VARCHAR', 'title': 'VARCHAR', 'published_at': 'TIMESTAMPTZ',
    'updated_at': 'TIMESTAMPTZ', 'on_topic': 'BOOLEAN'})
