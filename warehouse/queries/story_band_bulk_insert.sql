-- LSH band keys of new articles, from a JSON-lines file ($1).
INSERT INTO story_band_fact (band_key, article_id, recorded_at)
SELECT band_key, article_id, now()
FROM read_json($1, format = 'newline_delimited',
               columns = {'band_key': 'VARCHAR', 'article_id': 'VARCHAR'})
