-- Article versions on topic for $topic (NULL: any topic) that the extraction key $key has not
-- read yet, oldest first, with the time claims speak of by default (publication, else first seen).
-- With $parts (NULL: all), only articles whose id's first 32 bits are $part modulo $parts: the
-- share of one shard of a cycle (flows/shards.py, Shard.owns_article, splits the same way).
SELECT DISTINCT v.article_id, v.version, coalesce(v.title, ''), coalesce(v.text, ''),
       v.fetched_at, coalesce(a.published_at, a.first_seen_at)
FROM article_version v
JOIN article a USING (article_id)
WHERE a.on_topic AND v.source <> 'discovery'  -- aggregator headlines carry no context
  AND ($topic::VARCHAR IS NULL OR a.topic IS NOT DISTINCT FROM $topic)
  AND ($parts::INTEGER IS NULL OR ('0x' || substr(v.article_id, 1, 8))::UBIGINT % $parts = $part)
  AND NOT EXISTS (
      SELECT 1 FROM extraction e
      WHERE e.article_id = v.article_id AND e.version = v.version
        AND e.extractor_version = $key
  )
ORDER BY v.fetched_at, v.article_id, v.version
LIMIT $limit
