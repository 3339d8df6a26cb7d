-- The article any of these names (canonical URL, feed link, guid) already belongs to.
SELECT a.article_id, a.story_id
FROM (SELECT alias, article_id FROM article_alias
      UNION ALL  -- per-feed guid names recorded before aliases were scoped by feed
      SELECT alias, article_id FROM feed_guid_alias_fact WHERE recorded_at <= as_of_time()) x
JOIN article a USING (article_id)
WHERE x.alias IN (SELECT unnest(?::VARCHAR[]))
ORDER BY a.first_seen_at
LIMIT 1
