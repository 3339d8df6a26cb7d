-- The derived levels of the dispute_work snapshot, added to it: as the derived_levels view
-- (migration 0010) computes them, from a proposed delta and the nearest proposed total of the
-- same article version, [low_total - high_delta, high_total - low_delta] clamped at 0, with the
-- same ids; here over the snapshot, which the view's base (the claims view) would cost as much
-- as the snapshot again.
INSERT INTO dispute_work
WITH p AS (
    SELECT d.claim_id AS delta_claim_id, t.claim_id AS total_claim_id, d.article_id, d.version,
           d.url, d.outlet, d.story_id, d.measure, d.subject, d.published_at, d.as_of_start,
           d.as_of_end, t.value - d.value AS value, t.low - d.high AS raw_low,
           t.high - d.low AS high,
           CASE WHEN d.sentence = t.sentence THEN d.sentence
                ELSE d.sentence || ' … ' || t.sentence END AS sentence, d.start_char
    FROM dispute_work d
    JOIN dispute_work t
      ON t.article_id = d.article_id AND t.version = d.version AND t.measure = d.measure
    WHERE d.kind = 'delta' AND d.modality = 'proposed'
      AND t.kind = 'level' AND t.modality = 'proposed'
    QUALIFY row_number() OVER (
        PARTITION BY d.claim_id
        ORDER BY abs(coalesce(t.start_char, 0) - coalesce(d.start_char, 0)), t.claim_id
    ) = 1
)
SELECT 'derived-' || substr(md5(delta_claim_id || '+' || total_claim_id), 1, 16), article_id,
       version, url, outlet, story_id, measure, 'level', 'actual', subject, value,
       CASE WHEN raw_low IS NULL THEN NULL ELSE greatest(raw_low, 0) END, high, published_at,
       as_of_start, as_of_end, true, sentence, start_char, NULL
FROM p
WHERE (high IS NULL OR high >= 0) AND (raw_low IS NULL OR high IS NULL OR raw_low <= high)
