-- Gather every undigested development of the topic into the digest.
UPDATE development SET digest_id = $digest_id
WHERE topic = $topic AND digest_id IS NULL
