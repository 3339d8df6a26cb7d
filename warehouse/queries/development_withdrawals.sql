-- An on-topic page taken down: it answered 404 or 410 on a revisit (the withdrawals view).
-- Keyed on the article and the start of the withdrawn streak: a page that comes back and goes
-- again is news again.
INSERT INTO development_fact (topic, development_key, kind, title, url, outlet, detail,
                         observed_at, created_at, recorded_at)
SELECT $topic,
       'withdrawn:' || w.article_id || ':' || CAST(epoch_us(w.withdrawn_at) AS VARCHAR),
       'withdrawn',
       a.title, a.url, a.outlet,
       'last checked ' || strftime(timezone('UTC', w.last_checked_at), '%Y-%m-%d %H:%M UTC'),
       w.withdrawn_at,
       $now,
       now()
FROM withdrawals w
JOIN articles a ON a.article_id = w.article_id
WHERE a.on_topic AND (a.topic IS NULL OR a.topic = $topic)
  AND NOT EXISTS (
      SELECT 1 FROM development_fact d
      WHERE d.topic = $topic
        AND d.development_key = 'withdrawn:' || w.article_id || ':'
                                || CAST(epoch_us(w.withdrawn_at) AS VARCHAR)
  )
QUALIFY row_number() OVER (PARTITION BY w.article_id ORDER BY a.first_seen_at) = 1
