-- A new contradiction or drift flag, keyed on what the two claims assert (pair_key), not on
-- their ids: re-extraction gives claims new ids, and the same disagreement must not be
-- announced twice. Both claims' values as written and both sentences go with it. A pair
-- between outlets is announced only while the latest versions still say so and no dispute
-- holds it: a dispute is announced as one (development_disputes), not pair by pair.
INSERT INTO development_fact (topic, development_key, kind, title, url, outlet, measure, detail,
                         a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value,
                         b_sentence, observed_at, created_at, recorded_at)
SELECT $topic,
       'flag:' || md5(coalesce(f.pair_key, f.contradiction_id)),
       CASE WHEN f.kind = 'drift' THEN 'drift' ELSE 'contradiction' END,
       coalesce(b_art.title, a_art.title),
       f.b_url,
       f.b_outlet,
       f.measure,
       CASE WHEN f.kind = 'drift'
            THEN 'version ' || f.a_version || ' to version ' || f.b_version END,
       f.a_url, f.a_outlet,
       coalesce(ac.value_text,
                CASE WHEN f.a_value = round(f.a_value) THEN CAST(CAST(f.a_value AS BIGINT) AS VARCHAR)
                     ELSE CAST(f.a_value AS VARCHAR) END),
       f.a_sentence,
       f.b_url, f.b_outlet,
       coalesce(bc.value_text,
                CASE WHEN f.b_value = round(f.b_value) THEN CAST(CAST(f.b_value AS BIGINT) AS VARCHAR)
                     ELSE CAST(f.b_value AS VARCHAR) END),
       f.b_sentence,
       f.detected_at,
       $now,
       now()
FROM contradictions f
LEFT JOIN claims ac ON ac.claim_id = f.a_claim_id AND ac.topic IS NOT DISTINCT FROM f.topic
LEFT JOIN claims bc ON bc.claim_id = f.b_claim_id AND bc.topic IS NOT DISTINCT FROM f.topic
LEFT JOIN article a_art ON a_art.url = f.a_url AND a_art.topic IS NOT DISTINCT FROM f.topic
LEFT JOIN article b_art ON b_art.url = f.b_url AND b_art.topic IS NOT DISTINCT FROM f.topic
WHERE (f.topic IS NULL OR f.topic = $topic)
  AND (f.kind = 'drift' OR (f.dispute_id IS NULL AND f.current))
  AND NOT EXISTS (
    SELECT 1 FROM development_fact d
    WHERE d.topic = $topic
      AND d.development_key = 'flag:' || md5(coalesce(f.pair_key, f.contradiction_id))
)
QUALIFY row_number() OVER (PARTITION BY coalesce(f.pair_key, f.contradiction_id)
                           ORDER BY f.detected_at, f.contradiction_id) = 1
