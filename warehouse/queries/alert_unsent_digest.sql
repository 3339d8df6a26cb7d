-- The topic's digest that the SMTP server has not accepted yet (at most one exists).
SELECT digest_id, topic, created_at, baseline, attempts, last_error, subject, message
FROM digest
WHERE topic = $topic AND sent_at IS NULL
ORDER BY created_at, digest_id
LIMIT 1
