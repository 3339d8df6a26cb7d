-- A new on-topic story: one development per syndication group (story_id), never for
-- off-topic articles. Named after the group's first on-topic copy.
INSERT INTO development_fact (topic, development_key, kind, title, url, outlet, detail, observed_at,
                         created_at, recorded_at)
SELECT $topic,
       'story:' || a.story_id,
       'story',
       arg_min(a.title, a.first_seen_at),
       arg_min(a.url, a.first_seen_at),
       arg_min(a.outlet, a.first_seen_at),
       CASE WHEN count(DISTINCT a.outlet) > 1
            THEN 'reported by ' || string_agg(DISTINCT a.outlet, ', ' ORDER BY a.outlet)
       END,
       min(a.first_seen_at),
       $now,
       now()
FROM article a
WHERE a.on_topic AND a.story_id IS NOT NULL AND (a.topic IS NULL OR a.topic = $topic)
GROUP BY a.story_id
HAVING NOT EXISTS (
    SELECT 1 FROM development_fact d
    WHERE d.topic = $topic AND d.development_key = 'story:' || a.story_id
)
