-- cross_outlet flags: comparable claims (same measure, kind, modality and subject; actual
-- figures only when the times they speak of are within the topic's as_of window, $3) whose
-- intervals are disjoint (NULL = unbounded), from different outlets and different stories
-- (syndicated copies of one wire story count as one outlet). Reads the flag_work snapshot.
--
-- Each disjoint pair is found once, as "x lies wholly below y" (x.high < y.low), without
-- comparing every pair of a group: the distinct lower ends of each group (measure, kind,
-- modality) are numbered in order; an ASOF join finds, for each x, the last one at or below
-- x.high (cut); the lower ends numbered cut+1 .. n_lows are exactly those above x, and an
-- equi-join on them reaches the claims that start there. Work grows with n log n plus the
-- number of conflicts, not with n².
--
-- A contradiction repeated by later versions or by syndicated copies has one pair_key (story,
-- measure, kind, modality, value and interval of both sides) and becomes one flag, on the
-- pair seen first; a is the claim seen first. Pairs already flagged are skipped.
-- Parameters: detected_at, topic, as_of window. A flag's id derives from
-- its topic, pair_key and two claim ids (themselves derived from the claims' content).
INSERT INTO flag_fact (contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key,
                       detected_at, topic, recorded_at)
SELECT *, now() FROM (
WITH lows AS (
    SELECT measure, kind, modality, subject_key, low,
           row_number() OVER (PARTITION BY measure, kind, modality, subject_key ORDER BY low)
               AS lpos
    FROM (SELECT DISTINCT measure, kind, modality, subject_key,
                          coalesce(low, '-infinity'::DOUBLE) AS low
          FROM flag_work)
),
groups AS (
    SELECT measure, kind, modality, subject_key, max(lpos) AS n_lows FROM lows GROUP BY ALL
),
cuts AS (
    SELECT x.claim_id, x.measure, x.kind, x.modality, x.subject_key, coalesce(s.lpos, 0) AS cut
    FROM flag_work x
    ASOF LEFT JOIN lows s
      ON s.measure = x.measure AND s.kind = x.kind AND s.modality = x.modality
     AND s.subject_key = x.subject_key AND x.high >= s.low
    WHERE x.high IS NOT NULL
),
above AS (
    SELECT c.claim_id AS x_id, c.measure, c.kind, c.modality, c.subject_key,
           unnest(range(c.cut + 1, g.n_lows + 1)) AS lpos
    FROM cuts c
    JOIN groups g ON g.measure = c.measure AND g.kind = c.kind AND g.modality = c.modality
                 AND g.subject_key = c.subject_key
    WHERE c.cut < g.n_lows
),
pairs AS (
    SELECT x.measure, x.claim_id AS x_id, y.claim_id AS y_id,
           x.article_id AS x_article, x.version AS x_version,
           y.article_id AS y_article, y.version AS y_version,
           (x.seen_at, x.version, x.claim_id) <= (y.seen_at, y.version, y.claim_id) AS x_first,
           greatest(x.seen_at, y.seen_at) AS seen_both,
           concat_ws('|', x.story_id, x.value, x.low, x.high) AS x_side,
           concat_ws('|', y.story_id, y.value, y.low, y.high) AS y_side,
           x.kind, x.modality
    FROM above p
    JOIN lows l
      ON l.measure = p.measure AND l.kind = p.kind AND l.modality = p.modality
     AND l.subject_key = p.subject_key AND l.lpos = p.lpos
    JOIN flag_work y
      ON y.measure = l.measure AND y.kind = l.kind AND y.modality = l.modality
     AND y.subject_key = l.subject_key AND y.low = l.low
    JOIN flag_work x ON x.claim_id = p.x_id
    WHERE x.story_id <> y.story_id
      AND x.outlet IS DISTINCT FROM y.outlet
      -- a developing count: figures of different days are not compared
      AND (x.modality <> 'actual'
           OR greatest(x.as_of_start, y.as_of_start) - least(x.as_of_end, y.as_of_end)
              <= INTERVAL 0 SECOND
           OR greatest(x.as_of_start, y.as_of_start) - least(x.as_of_end, y.as_of_end)
              < $3::INTERVAL)
),
keyed AS (
    SELECT *,
           md5(concat_ws('#', 'cross_outlet', measure, kind, modality,
                         least(x_side, y_side), greatest(x_side, y_side))) AS pair_key
    FROM pairs
)
SELECT md5(concat_ws('/', 'flag', $2::VARCHAR, pair_key, least(x_id, y_id), greatest(x_id, y_id)))
           AS contradiction_id,
       'cross_outlet', 'stated', measure,
       CASE WHEN x_first THEN x_id ELSE y_id END,
       CASE WHEN x_first THEN y_id ELSE x_id END,
       pair_key, $1::TIMESTAMPTZ, $2::VARCHAR
FROM keyed
WHERE pair_key NOT IN (SELECT pair_key FROM flag_known)
QUALIFY row_number() OVER (PARTITION BY pair_key
                           ORDER BY seen_both, x_version + y_version, x_id, y_id) = 1
) n
-- Two writers may both find a pair: its id is content-derived, and the flag view keeps one.
WHERE NOT EXISTS (SELECT 1 FROM flag_fact f WHERE f.contradiction_id = n.contradiction_id)
