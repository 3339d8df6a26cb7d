-- What a feed last said about each entry, in one topic ($2; NULL: any).
SELECT feed_url, entry_key, fingerprint, article_id
FROM feed_entry
WHERE feed_url = $1 AND ($2::VARCHAR IS NULL OR topic IS NOT DISTINCT FROM $2)
