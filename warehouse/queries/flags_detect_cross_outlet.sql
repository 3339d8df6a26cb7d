-- cross_outlet flags: comparable claims (same measure, kind and modality; counts; not denied)
-- whose intervals are disjoint (NULL = unbounded), from different outlets and different stories
-- (syndicated copies of one wire story count as one outlet).
-- Each disjoint pair is found once, as "x lies wholly below y", by an equi-join on the group
-- plus one inequality. Pairs already flagged (same contradiction, even from other versions)
-- are skipped. Parameter: detected_at.
INSERT INTO flag (contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key,
                  detected_at)
WITH c AS (
    SELECT claim_id, article_id, coalesce(story_id, article_id) AS story_id, outlet, version,
           observed_at, measure, kind, modality, value, low, high
    FROM comparable_claims
),
pairs AS (
    SELECT x.measure, x.kind, x.modality,
           x.claim_id AS x_id, y.claim_id AS y_id,
           (x.observed_at, x.claim_id) <= (y.observed_at, y.claim_id) AS x_first,
           greatest(x.observed_at, y.observed_at) AS seen_both,
           concat_ws('|', x.story_id, x.value, x.low, x.high) AS x_side,
           concat_ws('|', y.story_id, y.value, y.low, y.high) AS y_side
    FROM c x
    JOIN c y
      ON x.measure = y.measure AND x.kind = y.kind AND x.modality = y.modality
     AND x.high < y.low
    WHERE x.story_id <> y.story_id
      AND x.outlet IS DISTINCT FROM y.outlet
),
candidates AS (
    SELECT measure,
           CASE WHEN x_first THEN x_id ELSE y_id END AS a_claim_id,
           CASE WHEN x_first THEN y_id ELSE x_id END AS b_claim_id,
           md5(concat_ws('#', 'cross_outlet', 'stated', measure, kind, modality,
                         least(x_side, y_side), greatest(x_side, y_side))) AS pair_key,
           seen_both
    FROM pairs
)
SELECT md5('cross_outlet/' || least(a_claim_id, b_claim_id) || '/'
           || greatest(a_claim_id, b_claim_id)) AS contradiction_id,
       'cross_outlet', 'stated', measure, a_claim_id, b_claim_id, pair_key, ?::TIMESTAMPTZ
FROM candidates n
WHERE NOT EXISTS (SELECT 1 FROM contradictions k WHERE k.pair_key = n.pair_key)
QUALIFY row_number() OVER (PARTITION BY pair_key ORDER BY seen_both, a_claim_id, b_claim_id) = 1
ON CONFLICT DO NOTHING
