-- A revision (version > 1) of an on-topic article whose claims differ from the previous
-- version's, both read by the same extractor. Unchanged re-polls and boilerplate-only changes
-- make no version, so they never get here; a new version that changes no claim is not news.
WITH facts AS (
    SELECT c.article_id, c.version, c.sentence,
           concat_ws(':', c.measure, c.kind, c.modality, c.qualifier, c.value, c.negated) AS fact
    FROM claim c
    JOIN current_extraction e USING (extraction_id)
    WHERE c.measure <> 'other' AND (e.topic IS NULL OR e.topic = $topic)
),
pairs AS (
    SELECT n.article_id, n.version, n.topic
    FROM current_extraction n
    JOIN current_extraction p
      ON p.article_id = n.article_id AND p.version = n.version - 1
     AND p.extractor_version = n.extractor_version
    WHERE n.version > 1 AND (n.topic IS NULL OR n.topic = $topic)
),
removed AS (
    SELECT pr.article_id, pr.version, string_agg(DISTINCT f.sentence, ' … ') AS sentences
    FROM pairs pr
    JOIN facts f ON f.article_id = pr.article_id AND f.version = pr.version - 1
    WHERE NOT EXISTS (
        SELECT 1 FROM facts g
        WHERE g.article_id = pr.article_id AND g.version = pr.version AND g.fact = f.fact
    )
    GROUP BY pr.article_id, pr.version
),
added AS (
    SELECT pr.article_id, pr.version, string_agg(DISTINCT f.sentence, ' … ') AS sentences
    FROM pairs pr
    JOIN facts f ON f.article_id = pr.article_id AND f.version = pr.version
    WHERE NOT EXISTS (
        SELECT 1 FROM facts g
        WHERE g.article_id = pr.article_id AND g.version = pr.version - 1 AND g.fact = f.fact
    )
    GROUP BY pr.article_id, pr.version
)
INSERT INTO development_fact (topic, development_key, kind, title, url, outlet, detail,
                         a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value,
                         b_sentence, observed_at, created_at, recorded_at)
SELECT $topic,
       'revision:' || pr.article_id || ':' || pr.version,
       'revision',
       v.title,
       a.url,
       a.outlet,
       'version ' || pr.version,
       a.url, a.outlet, 'version ' || (pr.version - 1), r.sentences,
       a.url, a.outlet, 'version ' || pr.version, d.sentences,
       v.fetched_at,
       $now,
       now()
FROM pairs pr
JOIN article a ON a.article_id = pr.article_id AND (pr.topic IS NULL OR a.topic = pr.topic)
JOIN article_version v ON v.article_id = pr.article_id AND v.version = pr.version
LEFT JOIN removed r ON r.article_id = pr.article_id AND r.version = pr.version
LEFT JOIN added d ON d.article_id = pr.article_id AND d.version = pr.version
WHERE a.on_topic AND (r.sentences IS NOT NULL OR d.sentences IS NOT NULL)
  AND (a.topic IS NULL OR a.topic = $topic)
  AND NOT EXISTS (
      SELECT 1 FROM development_fact x
      WHERE x.topic = $topic AND x.development_key = 'revision:' || pr.article_id || ':' || pr.version
  )
