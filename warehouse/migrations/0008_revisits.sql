-- Revisits (issue 14): known articles are fetched again whatever their feed says. A page that
-- answers 404 or 410 on a revisit is *withdrawn*: an article_check_fact with outcome
-- 'withdrawn' (an event with its time; nothing is deleted). A later successful check
-- (new | changed | unchanged) reinstates it; failed checks (timeouts, 5xx) decide nothing.

-- Articles whose latest deciding check says the page is gone, with the time of the first
-- check of that withdrawn streak.
CREATE OR REPLACE VIEW withdrawals AS
WITH deciding AS (
    SELECT article_id, outcome, checked_at, recorded_at,
           max(CASE WHEN outcome <> 'withdrawn' THEN checked_at END)
               OVER (PARTITION BY article_id) AS last_present_at
    FROM article_check_fact
    WHERE recorded_at <= as_of_time() AND outcome <> 'failed'
)
SELECT article_id, min(checked_at) AS withdrawn_at, max(checked_at) AS last_checked_at
FROM deciding
WHERE outcome = 'withdrawn' AND (last_present_at IS NULL OR checked_at > last_present_at)
GROUP BY article_id;

-- Claims of a withdrawn article leave current comparisons: flag_claims (the base of the
-- contradictions view and of flag detection) no longer holds them.
CREATE OR REPLACE VIEW flag_claims AS
WITH latest AS (
    SELECT article_id, max(version) AS latest_version FROM article_version GROUP BY article_id
),
both_kinds AS (
    SELECT claim_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence,
           NULL::VARCHAR[] AS derived_from, topic
    FROM claims
    UNION ALL
    SELECT derived_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence, derived_from, topic
    FROM derived_levels
),
latest_numbers AS (
    SELECT DISTINCT b.article_id, b.topic, b.measure, b.kind, b.modality, b.value,
           coalesce(b.low, -1e308) AS low, coalesce(b.high, 1e308) AS high
    FROM both_kinds b JOIN latest l ON l.article_id = b.article_id
                                   AND b.version = l.latest_version
)
SELECT b.*, b.version = l.latest_version AS latest, n.article_id IS NOT NULL AS still_stated
FROM both_kinds b
JOIN latest l USING (article_id)
LEFT JOIN latest_numbers n
       ON n.article_id = b.article_id AND n.topic IS NOT DISTINCT FROM b.topic
      AND n.measure = b.measure AND n.kind = b.kind
      AND n.modality = b.modality AND n.value = b.value
      AND n.low = coalesce(b.low, -1e308) AND n.high = coalesce(b.high, 1e308)
WHERE b.article_id NOT IN (SELECT article_id FROM withdrawals);
