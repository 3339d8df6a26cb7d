-- Flags on derived levels: the level a delta and a total imply now (see derived_levels) against
-- stated actual levels of the same measure from other outlets and stories, when the intervals
-- are disjoint, of the same subject and speaking of times within the as_of window ($3). The flag
-- names the derived level (a), whose derived_from names its two claims.
-- One flag per pair_key (both stories and numbers), on the pair seen first.
-- Reads the flag_work_derived and flag_work snapshots. Parameters: detected_at, topic, as_of window. A flag's id derives from
-- its topic, pair_key and two claim ids (themselves derived from the claims' content).
INSERT INTO flag_fact (contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key,
                       detected_at, topic, recorded_at)
SELECT *, now() FROM (
WITH s AS (
    SELECT * FROM flag_work WHERE kind = 'level' AND modality = 'actual'
),
candidates AS (
    SELECT d.measure, d.derived_id AS a_claim_id, s.claim_id AS b_claim_id,
           md5(concat_ws('#', 'derived', d.measure,
                         concat_ws('|', d.story_id, d.value, d.low, d.high),
                         concat_ws('|', s.story_id, s.value, s.low, s.high))) AS pair_key,
           greatest(d.observed_at, s.seen_at) AS seen_both, d.version + s.version AS versions
    FROM flag_work_derived d
    JOIN s
      ON s.measure = d.measure AND s.subject IS NOT DISTINCT FROM d.subject
     AND (d.high < s.low OR s.high < d.low)
    WHERE d.story_id <> s.story_id
      AND d.outlet IS DISTINCT FROM s.outlet
      AND (greatest(d.as_of_start, s.as_of_start) - least(d.as_of_end, s.as_of_end)
               <= INTERVAL 0 SECOND
           OR greatest(d.as_of_start, s.as_of_start) - least(d.as_of_end, s.as_of_end)
               < $3::INTERVAL)
)
SELECT md5(concat_ws('/', 'flag', $2::VARCHAR, pair_key, least(a_claim_id, b_claim_id), greatest(a_claim_id, b_claim_id)))
           AS contradiction_id,
       'cross_outlet', 'derived', measure, a_claim_id, b_claim_id, pair_key, $1::TIMESTAMPTZ, $2::VARCHAR
FROM candidates n
WHERE n.pair_key NOT IN (SELECT pair_key FROM flag_known)
QUALIFY row_number() OVER (PARTITION BY pair_key
                           ORDER BY seen_both, versions, a_claim_id, b_claim_id) = 1
) n
-- Two writers may both find a pair: its id is content-derived, and the flag view keeps one.
WHERE NOT EXISTS (SELECT 1 FROM flag_fact f WHERE f.contradiction_id = n.contradiction_id)
