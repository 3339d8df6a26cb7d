-- A claim value not seen before for a measure (per kind and modality), with the first claim
-- that stated it. Negated claims state no value; numbers outside every measure are not news.
INSERT INTO development_fact (topic, development_key, kind, title, url, outlet, measure, detail,
                         a_url, a_outlet, a_value, a_sentence, observed_at, created_at, recorded_at)
SELECT $topic,
       'claim_value:' || c.measure || ':' || c.kind || ':' || c.modality || ':'
           || CAST(c.value AS VARCHAR),
       'claim_value',
       arg_min(a.title, (c.observed_at, c.claim_id)),
       arg_min(c.url, (c.observed_at, c.claim_id)),
       arg_min(c.outlet, (c.observed_at, c.claim_id)),
       c.measure,
       c.kind || ', ' || c.modality,
       arg_min(c.url, (c.observed_at, c.claim_id)),
       arg_min(c.outlet, (c.observed_at, c.claim_id)),
       arg_min(coalesce(c.value_text, CAST(c.value AS VARCHAR)), (c.observed_at, c.claim_id)),
       arg_min(c.sentence, (c.observed_at, c.claim_id)),
       min(c.observed_at),
       $now,
       now()
FROM claims c
JOIN article a ON a.article_id = c.article_id AND a.topic IS NOT DISTINCT FROM c.topic
WHERE c.measure <> 'other' AND NOT c.negated AND a.on_topic
  AND (c.topic IS NULL OR c.topic = $topic)
GROUP BY c.measure, c.kind, c.modality, c.value
HAVING NOT EXISTS (
    SELECT 1 FROM development_fact d
    WHERE d.topic = $topic
      AND d.development_key = 'claim_value:' || c.measure || ':' || c.kind || ':' || c.modality
                              || ':' || CAST(c.value AS VARCHAR)
)
