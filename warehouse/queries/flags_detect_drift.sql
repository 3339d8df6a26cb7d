-- drift flags: a number that changes between versions of one article. For each article,
-- measure, kind and modality, the set of values of each version that has such claims is
-- compared with the previous such version; where the sets differ, each earlier value that is
-- gone is paired with each later value that is new (a version restating 120 and 50 is no drift
-- from 120 and 50, and a changed 120 -> 130 next to an unchanged 50 pairs 120 with 130 only).
-- Syndicated copies drifting alike are one flag (the pair is keyed on the story).
-- Reads the flag_work and flag_changed snapshots. Parameters: detected_at, topic. A flag's id derives from
-- its topic, pair_key and two claim ids (themselves derived from the claims' content).
INSERT INTO flag_fact (contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key,
                       detected_at, topic, recorded_at)
SELECT *, now() FROM (
WITH changed AS (SELECT * FROM flag_changed),  -- see flags_work_changed
candidates AS (
    SELECT x.measure, x.claim_id AS a_claim_id, y.claim_id AS b_claim_id,
           md5(concat_ws('#', 'drift', x.measure, x.kind, x.modality,
                         concat_ws('|', x.story_id, x.value, x.low, x.high),
                         concat_ws('|', y.story_id, y.value, y.low, y.high))) AS pair_key,
           y.version AS b_version
    FROM changed ch
    JOIN flag_work x
      ON x.article_id = ch.article_id AND x.measure = ch.measure AND x.kind = ch.kind
     AND x.modality = ch.modality AND x.version = ch.prev_version
    JOIN flag_work y
      ON y.article_id = ch.article_id AND y.measure = ch.measure AND y.kind = ch.kind
     AND y.modality = ch.modality AND y.version = ch.version
    WHERE NOT list_contains(ch.vals, x.value)
      AND NOT list_contains(ch.prev_vals, y.value)
)
SELECT md5(concat_ws('/', 'flag', $2::VARCHAR, pair_key, least(a_claim_id, b_claim_id), greatest(a_claim_id, b_claim_id)))
           AS contradiction_id,
       'drift', 'stated', measure, a_claim_id, b_claim_id, pair_key, $1::TIMESTAMPTZ, $2::VARCHAR
FROM candidates n
WHERE n.pair_key NOT IN (SELECT pair_key FROM flag_known)
QUALIFY row_number() OVER (PARTITION BY pair_key ORDER BY b_version, a_claim_id, b_claim_id) = 1
) n
-- Two writers may both find a pair: its id is content-derived, and the flag view keeps one.
WHERE NOT EXISTS (SELECT 1 FROM flag_fact f WHERE f.contradiction_id = n.contradiction_id)
