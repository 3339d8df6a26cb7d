-- The article one of these names ($names: URLs as stored or canonical, feed links, guids,
-- aggregator links) names, in topic $topic (NULL: the first topic it belongs to). A discovery
-- record folded into a fetched article names that article.
WITH named AS (
    SELECT article_id FROM article WHERE url IN (SELECT unnest($names::VARCHAR[]))
    UNION
    SELECT article_id FROM article_alias WHERE alias IN (SELECT unnest($names::VARCHAR[]))
    UNION
    SELECT article_id FROM feed_guid_alias_fact
    WHERE recorded_at <= as_of_time() AND alias IN (SELECT unnest($names::VARCHAR[]))
),
resolved AS (
    SELECT DISTINCT coalesce(a.duplicate_of, a.article_id) AS article_id
    FROM named n JOIN article a USING (article_id)
)
SELECT a.article_id, a.url, a.outlet, a.topic
FROM articles a JOIN resolved r USING (article_id)
WHERE $topic::VARCHAR IS NULL OR a.topic IS NOT DISTINCT FROM $topic
ORDER BY a.first_seen_at, a.topic
LIMIT 1
