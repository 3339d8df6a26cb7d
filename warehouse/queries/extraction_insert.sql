INSERT INTO extraction (extraction_id, article_id, version, extractor_version, extracted_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING extraction_id
