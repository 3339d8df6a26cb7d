-- The developments of one digest, or the undigested ones when $digest_id is NULL.
SELECT development_key, kind, title, url, outlet, measure, detail,
       a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value, b_sentence, observed_at
FROM development
WHERE topic = $topic
  AND (digest_id = $digest_id OR ($digest_id IS NULL AND digest_id IS NULL))
ORDER BY CASE kind WHEN 'story' THEN 0 WHEN 'contradiction' THEN 1 WHEN 'drift' THEN 2
                   WHEN 'revision' THEN 3 ELSE 4 END,
         observed_at, development_key
