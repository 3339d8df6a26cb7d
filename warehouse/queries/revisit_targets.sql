-- Known on-topic articles of a topic that a revisit may fetch again, with what the schedule and
-- a conditional GET need: since when the article's age counts (the earlier of its publication
-- and its first sighting), when its page was last fetched (a page read by a poll, or any
-- revisit), and the validators and raw-body hash of its latest answered revisit, only while
-- that revisit's text is still the latest version (after a poll stored a newer one, the old
-- validators would answer for text claimwatch no longer holds). Only articles whose latest
-- version was read from their page: text taken from a feed (the page yielded too little) or an
-- aggregator record has no page worth asking again. Parameters: $topic; $since (articles whose
-- age counts from before it are past the horizon).
WITH art AS (
    SELECT article_id, url, outlet, feed_url, guid, title, published_at, first_seen_at,
           least(first_seen_at, coalesce(published_at, first_seen_at)) AS age_from
    FROM articles
    WHERE topic = $topic AND on_topic
),
latest AS (
    SELECT article_id, content_hash, source
    FROM article_version
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1
),
page_reads AS (  -- an 'unchanged' check without a title is a feed entry seen unchanged
    SELECT article_id, max(checked_at) AS at
    FROM article_check_fact
    WHERE recorded_at <= as_of_time() AND title IS NOT NULL
    GROUP BY article_id
),
revisited AS (
    SELECT article_id, max(revisited_at) AS at
    FROM revisit_fact
    WHERE recorded_at <= as_of_time()
    GROUP BY article_id
),
answered AS (
    SELECT article_id, etag, last_modified, body_hash, content_hash
    FROM revisit_fact
    WHERE recorded_at <= as_of_time() AND outcome IN ('not_modified', 'unchanged', 'changed')
    QUALIFY row_number() OVER (PARTITION BY article_id
                               ORDER BY revisited_at DESC, recorded_at DESC) = 1
)
SELECT a.article_id, a.url, a.outlet, a.feed_url, a.guid, a.title, a.published_at, a.age_from,
       greatest(a.first_seen_at, coalesce(p.at, a.first_seen_at), coalesce(r.at, a.first_seen_at))
           AS last_checked_at,
       l.content_hash,
       CASE WHEN v.content_hash = l.content_hash THEN v.etag END AS etag,
       CASE WHEN v.content_hash = l.content_hash THEN v.last_modified END AS last_modified,
       CASE WHEN v.content_hash = l.content_hash THEN v.body_hash END AS body_hash
FROM art a
JOIN latest l USING (article_id)
LEFT JOIN page_reads p USING (article_id)
LEFT JOIN revisited r USING (article_id)
LEFT JOIN answered v USING (article_id)
WHERE l.source = 'page' AND a.age_from >= $since
ORDER BY a.article_id
