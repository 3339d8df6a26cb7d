-- Articles sharing an LSH band with the batch's new ones: candidates for being the same wire Keys ($1): a JSON-lines file of {"k": ...}.
-- story (their signatures come from load_signatures). Parameter: the band keys.
SELECT DISTINCT band_key, article_id
FROM story_band_fact
WHERE band_key IN (SELECT k FROM read_json($1, format = 'newline_delimited', columns = {'k': 'VARCHAR'}))
