INSERT INTO digest_fact (digest_id, topic, baseline, created_at, recorded_at)
VALUES ($digest_id, $topic, $baseline, $now, now())
