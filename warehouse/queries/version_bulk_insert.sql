-- New versions, from a JSON-lines file ($1); a version's id derives from its article, number
-- and content hash.
INSERT INTO article_version_fact (article_id, version, fetched_at, content_hash, title, text,
                                  source, note, recorded_at, version_id)
SELECT article_id, version, fetched_at, content_hash, title, text, source, note, now(),
       substr(sha256(concat_ws('/', article_id, version, content_hash)), 1, 20)
FROM read_json($1, format = 'newline_delimited', columns = {
    'article_id': 'VARCHAR', 'version': 'INTEGER', 'fetched_at': 'TIMESTAMPTZ',
    'content_hash': 'VARCHAR', 'title': 'VARCHAR', 'text': 'VARCHAR', 'source': 'VARCHAR',
    'note': 'VARCHAR'})
