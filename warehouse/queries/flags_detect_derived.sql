-- Flags on derived levels: the level a delta and a total imply now (see derived_levels) against
-- stated actual levels of the same measure from other outlets and stories, when the intervals
-- are disjoint. The flag names the derived level (a), whose derived_from names its two claims.
-- Parameter: detected_at.
INSERT INTO flag (contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key,
                  detected_at)
WITH s AS (
    SELECT claim_id, article_id, coalesce(story_id, article_id) AS story_id, outlet,
           observed_at, measure, value, low, high
    FROM comparable_claims
    WHERE kind = 'level' AND modality = 'actual'
),
candidates AS (
    SELECT d.measure, d.derived_id AS a_claim_id, s.claim_id AS b_claim_id,
           md5(concat_ws('#', 'cross_outlet', 'derived', d.measure,
                         concat_ws('|', coalesce(d.story_id, d.article_id), d.value, d.low, d.high),
                         concat_ws('|', s.story_id, s.value, s.low, s.high))) AS pair_key,
           greatest(d.observed_at, s.observed_at) AS seen_both
    FROM derived_levels d
    JOIN s
      ON s.measure = d.measure
     AND (d.high < s.low OR s.high < d.low)
    WHERE coalesce(d.story_id, d.article_id) <> s.story_id
      AND d.outlet IS DISTINCT FROM s.outlet
)
SELECT md5('cross_outlet/' || least(a_claim_id, b_claim_id) || '/'
           || greatest(a_claim_id, b_claim_id)) AS contradiction_id,
       'cross_outlet', 'derived', measure, a_claim_id, b_claim_id, pair_key, ?::TIMESTAMPTZ
FROM candidates n
WHERE NOT EXISTS (SELECT 1 FROM contradictions k WHERE k.pair_key = n.pair_key)
QUALIFY row_number() OVER (PARTITION BY pair_key ORDER BY seen_both, a_claim_id, b_claim_id) = 1
ON CONFLICT DO NOTHING
