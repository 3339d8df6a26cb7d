-- The developments of one digest, or the undigested ones when $digest_id is NULL, in the order
-- the digest lists them: disputes first, then counts that moved, corrections and changed
-- numbers, pages taken down, then new stories and the rest.
SELECT development_key, kind, title, url, outlet, measure, detail,
       a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value, b_sentence, observed_at,
       payload
FROM development
WHERE topic = $topic
  AND (digest_id = $digest_id OR ($digest_id IS NULL AND digest_id IS NULL))
ORDER BY CASE kind WHEN 'dispute' THEN 0 WHEN 'moved' THEN 1 WHEN 'correction' THEN 2
                   WHEN 'numbers' THEN 3 WHEN 'revision' THEN 3 WHEN 'withdrawn' THEN 4
                   WHEN 'story' THEN 5 WHEN 'contradiction' THEN 6 WHEN 'drift' THEN 7
                   ELSE 8 END,
         observed_at, development_key
