-- Articles as first seen, from a JSON-lines file ($1) written by articles.load_observations;
-- $2: their topic.
INSERT INTO article_fact (article_id, url, outlet, feed_url, guid, title, published_at,
                          updated_at, first_seen_at, on_topic, source, story_id, signature,
                          topic, recorded_at)
SELECT article_id, url, outlet, feed_url, guid, title, published_at, updated_at, first_seen_at,
       on_topic, source, story_id, signature, $2, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'article_id': 'VARCHAR', 'url': 'VARCHAR', 'outlet': 'VARCHAR', 'feed_url': 'VARCHAR',
    'guid': 'VARCHAR', 'title': 'VARCHAR', 'published_at': 'TIMESTAMPTZ',
    'updated_at': 'TIMESTAMPTZ', 'first_seen_at': 'TIMESTAMPTZ', 'on_topic': 'BOOLEAN',
    'source': 'VARCHAR', 'story_id': 'VARCHAR', 'signature': 'UBIGINT[]'})
