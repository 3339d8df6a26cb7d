INSERT INTO digest (digest_id, topic, baseline, created_at)
VALUES ($digest_id, $topic, $baseline, $now)
