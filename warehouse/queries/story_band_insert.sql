-- All LSH band keys of one article in one statement.
INSERT INTO story_band_fact (band_key, article_id, recorded_at)
SELECT unnest(?::VARCHAR[]), ?, now()
