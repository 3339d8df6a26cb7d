INSERT INTO story_band (band_key, article_id) VALUES (?, ?)
