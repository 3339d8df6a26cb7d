-- Extractions from a JSON-lines file ($1); returns the ids actually inserted (new ones).
INSERT INTO extraction (extraction_id, article_id, version, extractor_version, extracted_at)
SELECT extraction_id, article_id, version, $2, $3
FROM read_json($1, format = 'newline_delimited',
               columns = {'extraction_id': 'VARCHAR', 'article_id': 'VARCHAR', 'version': 'INTEGER'})
ON CONFLICT DO NOTHING
RETURNING extraction_id
