-- Gather every undigested development of the topic into the digest.
INSERT INTO digest_item_fact (digest_id, topic, development_key, recorded_at)
SELECT $digest_id, topic, development_key, now()
FROM development
WHERE topic = $topic AND digest_id IS NULL
