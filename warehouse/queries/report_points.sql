-- Every comparable claim as a point of the report's charts, placed where it belongs in the
-- story's time (placing points by fetch time put a first poll's whole backlog in one column):
--   * an article's first version at its publication time, or when it was first seen if
--     neither feed nor page gave one (never after it was fetched);
--   * its latest later version at the update time the source gave, when that falls after the
--     publication and not after the fetch; any other revision when it was fetched.
-- placed_by says which: published | first seen | updated | fetched.
WITH p AS (
    SELECT c.*, a.versions AS latest,
           coalesce(a.published_at, a.first_seen_at, c.observed_at) AS first_at,
           a.published_at AS article_published_at, a.updated_at
    FROM claim_drift c
    LEFT JOIN articles a ON a.article_id = c.article_id AND a.topic IS NOT DISTINCT FROM c.topic
    WHERE $topic::VARCHAR IS NULL OR c.topic = $topic
)
SELECT measure, kind, modality, outlet, url, article_id, version, observed_at,
       value, low, high, qualifier, sentence,
       CASE WHEN version = 1 THEN least(first_at, observed_at)
            WHEN version = latest AND updated_at > first_at AND updated_at <= observed_at
                THEN updated_at
            ELSE observed_at END AS placed_at,
       CASE WHEN version = 1 AND article_published_at IS NOT NULL THEN 'published'
            WHEN version = 1 THEN 'first seen'
            WHEN version = latest AND updated_at > first_at AND updated_at <= observed_at
                THEN 'updated'
            ELSE 'fetched' END AS placed_by
FROM p
ORDER BY measure, kind, modality, outlet, placed_at, version, claim_id
