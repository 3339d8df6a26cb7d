-- On-topic article versions the given extractor version has not read yet, oldest first.
SELECT v.article_id, v.version, coalesce(v.title, ''), coalesce(v.text, '')
FROM article_version v
JOIN article a USING (article_id)
WHERE a.on_topic AND v.source <> 'discovery'  -- aggregator headlines carry no context
  AND NOT EXISTS (
      SELECT 1 FROM extraction e
      WHERE e.article_id = v.article_id AND e.version = v.version AND e.extractor_version = ?
  )
ORDER BY v.fetched_at, v.article_id, v.version
LIMIT ?
