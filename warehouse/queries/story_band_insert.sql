-- All LSH band keys of one article in one statement.
INSERT INTO story_band (band_key, article_id) SELECT unnest(?::VARCHAR[]), ?
