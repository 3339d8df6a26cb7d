-- Row by row: the baseline bench/run.py measures the bulk path (extraction_bulk_insert) against.
INSERT INTO claim_fact (claim_id, extraction_id, article_id, version, measure, subject, value,
                        low, high, qualifier, kind, modality, negated, quantity, noun,
                        attribution, value_text, sentence, start_char, end_char, sentence_start,
                        sentence_end, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
