-- A fetched (non-discovery) article of this outlet with this headline.
SELECT article_id, story_id
FROM article
WHERE lower(outlet) = lower(?) AND lower(title) = lower(?) AND source <> 'discovery'
  AND duplicate_of IS NULL
ORDER BY first_seen_at
LIMIT 1
