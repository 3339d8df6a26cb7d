-- Versions that corrected the article or changed a number (change classes, migration 0009)
-- and were not announced yet, with both texts: the outbox quotes the sentences they changed.
-- The key is the one revisions always had, so a version is announced once either way.
SELECT n.article_id, n.version, a.url, a.outlet, n.title, n.change_classes, p.text, n.text,
       n.fetched_at
FROM article_versions n
JOIN article_versions p ON p.article_id = n.article_id AND p.version = n.version - 1
                       AND p.topic IS NOT DISTINCT FROM n.topic
JOIN articles a ON a.article_id = n.article_id AND a.topic IS NOT DISTINCT FROM n.topic
WHERE n.version > 1 AND a.on_topic AND (n.topic IS NULL OR n.topic = $topic)
  AND list_has_any(n.change_classes, ['correction', 'numbers'])
  AND NOT EXISTS (
      SELECT 1 FROM development_fact d
      WHERE d.topic = $topic AND d.development_key = 'revision:' || n.article_id || ':' || n.version
  )
ORDER BY n.fetched_at, n.article_id, n.version
