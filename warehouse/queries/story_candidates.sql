-- Articles sharing an LSH band with a new one: candidates for being the same wire story.
SELECT DISTINCT a.story_id, a.signature
FROM story_band b JOIN article a USING (article_id)
WHERE b.band_key IN (SELECT unnest(?::VARCHAR[])) AND a.signature IS NOT NULL
