-- Extractions from a JSON-lines file ($1) not stored before (extraction_bulk_new names them).
-- Parameters: file, extraction key, extracted_at, topic.
INSERT INTO extraction_fact (extraction_id, article_id, version, extractor_version,
                             extracted_at, topic, recorded_at)
SELECT n.extraction_id, n.article_id, n.version, $2, $3, $4, now()
FROM read_json($1, format = 'newline_delimited',
               columns = {'extraction_id': 'VARCHAR', 'article_id': 'VARCHAR', 'version': 'INTEGER'}) n
WHERE NOT EXISTS (SELECT 1 FROM extraction_fact e WHERE e.extraction_id = n.extraction_id)
