-- drift flags: a number that changes between versions of one article. Claims of one article,
-- measure, kind and modality are compared across consecutive versions that have such claims;
-- a pair is flagged when the earlier value is gone from the later version and the later value
-- was not in the earlier one (so a version repeating 120 and 50 is no drift from 120 and 50).
-- Syndicated copies drifting alike are one flag (the pair is keyed on the story).
-- Parameter: detected_at.
INSERT INTO flag (contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key,
                  detected_at)
WITH c AS (
    SELECT claim_id, article_id, coalesce(story_id, article_id) AS story_id, version,
           observed_at, measure, kind, modality, value, low, high,
           dense_rank() OVER (PARTITION BY article_id, measure, kind, modality ORDER BY version)
               AS step
    FROM comparable_claims
),
step_values AS (
    SELECT article_id, measure, kind, modality, step, list(value) AS vals
    FROM c
    GROUP BY ALL
),
candidates AS (
    SELECT x.measure,
           x.claim_id AS a_claim_id, y.claim_id AS b_claim_id,
           md5(concat_ws('#', 'drift', 'stated', x.measure, x.kind, x.modality,
                         concat_ws('|', x.story_id, x.value, x.low, x.high),
                         concat_ws('|', y.story_id, y.value, y.low, y.high))) AS pair_key,
           y.version AS b_version
    FROM c x
    JOIN c y
      ON y.article_id = x.article_id AND y.measure = x.measure AND y.kind = x.kind
     AND y.modality = x.modality AND y.step = x.step + 1
    JOIN step_values sx
      ON sx.article_id = x.article_id AND sx.measure = x.measure AND sx.kind = x.kind
     AND sx.modality = x.modality AND sx.step = x.step
    JOIN step_values sy
      ON sy.article_id = y.article_id AND sy.measure = y.measure AND sy.kind = y.kind
     AND sy.modality = y.modality AND sy.step = y.step
    WHERE x.value <> y.value
      AND NOT list_contains(sy.vals, x.value)
      AND NOT list_contains(sx.vals, y.value)
)
SELECT md5('drift/' || least(a_claim_id, b_claim_id) || '/'
           || greatest(a_claim_id, b_claim_id)) AS contradiction_id,
       'drift', 'stated', measure, a_claim_id, b_claim_id, pair_key, ?::TIMESTAMPTZ
FROM candidates n
WHERE NOT EXISTS (SELECT 1 FROM contradictions k WHERE k.pair_key = n.pair_key)
QUALIFY row_number() OVER (PARTITION BY pair_key ORDER BY b_version, a_claim_id, b_claim_id) = 1
ON CONFLICT DO NOTHING
