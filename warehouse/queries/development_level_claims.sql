-- Current actual levels of the topic's measures with the time they speak of (as_of), for the
-- counts that moved over time: latest versions only, withdrawn pages out.
SELECT c.measure, c.subject, c.outlet, coalesce(c.story_id, c.article_id), c.value, c.low, c.high,
       c.qualifier, c.url, c.sentence, c.published_at, c.as_of_start, c.as_of_end
FROM claims c
JOIN articles a ON a.article_id = c.article_id AND a.topic IS NOT DISTINCT FROM c.topic
WHERE c.kind = 'level' AND c.modality = 'actual' AND NOT c.negated AND c.measure <> 'other'
  AND c.quantity = 'count' AND a.on_topic AND c.version = a.versions
  AND (c.topic IS NULL OR c.topic = $topic)
  AND c.article_id NOT IN (SELECT article_id FROM withdrawals)
ORDER BY c.measure, c.published_at, c.claim_id
