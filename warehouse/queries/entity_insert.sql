-- Row by row: the baseline bench/run.py measures the bulk path (extraction_bulk_insert) against.
INSERT INTO entity_fact (extraction_id, article_id, version, text, label, canonical, start_char,
                         end_char, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
