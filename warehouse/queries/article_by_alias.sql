-- The article any of these names (canonical URL, feed link, guid) already belongs to.
SELECT a.article_id, a.story_id
FROM article_alias x JOIN article a USING (article_id)
WHERE x.alias IN (SELECT unnest(?::VARCHAR[]))
ORDER BY a.first_seen_at
LIMIT 1
