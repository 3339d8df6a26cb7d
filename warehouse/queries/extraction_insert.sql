-- Row by row: the baseline bench/run.py measures the bulk path (extraction_bulk_insert) against.
INSERT INTO extraction_fact (extraction_id, article_id, version, extractor_version,
                             extracted_at, recorded_at)
SELECT $1, $2, $3, $4, $5, now()
WHERE NOT EXISTS (SELECT 1 FROM extraction_fact e WHERE e.extraction_id = $1)
RETURNING extraction_id
