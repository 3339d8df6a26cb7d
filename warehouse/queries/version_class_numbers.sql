-- Versions in which a number changed (the flag_changed snapshot: a measure's values differ
-- from the previous version stating it) are classed `numbers`, for the topic ($1) and under
-- the extraction key that read the version's claims. Recorded once per content-derived key
-- (version_id, class, topic, extraction key): a rerun, or a re-extraction reading the same
-- numbers with the same key, adds nothing.
INSERT INTO version_class_fact (version_id, article_id, version, class, extractor_version,
                                topic, recorded_at)
SELECT DISTINCT v.version_id, ch.article_id, ch.version, 'numbers', e.extractor_version,
       $1::VARCHAR, now()
FROM flag_changed ch
JOIN article_version v ON v.article_id = ch.article_id AND v.version = ch.version
JOIN current_extraction e
  ON e.article_id = ch.article_id AND e.version = ch.version
 AND ($1::VARCHAR IS NULL OR e.topic IS NULL OR e.topic = $1)
WHERE NOT EXISTS (
    SELECT 1 FROM version_class_fact x
    WHERE x.version_id = v.version_id AND x.class = 'numbers'
      AND x.topic IS NOT DISTINCT FROM $1::VARCHAR
      AND x.extractor_version IS NOT DISTINCT FROM e.extractor_version
)
