-- Each on-topic article's versions with their change classes, and when its page was taken
-- down: the report's timeline per article. Articles that changed or went come first.
WITH v AS (
    SELECT article_id, topic, list({'version': version, 'fetched_at': fetched_at,
                                    'classes': change_classes} ORDER BY version) AS versions
    FROM article_versions
    GROUP BY article_id, topic
)
SELECT a.article_id, a.url, a.outlet, a.title, a.published_at, v.versions, w.withdrawn_at
FROM articles a
JOIN v ON v.article_id = a.article_id AND v.topic IS NOT DISTINCT FROM a.topic
LEFT JOIN withdrawals w ON w.article_id = a.article_id
WHERE a.on_topic AND ($topic::VARCHAR IS NULL OR a.topic = $topic)
ORDER BY (len(v.versions) > 1 OR w.withdrawn_at IS NOT NULL) DESC,
         coalesce(a.published_at, a.first_seen_at), a.url
