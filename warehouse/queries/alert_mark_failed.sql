-- A send attempt failed (a digest already accepted records no more attempts).
INSERT INTO digest_attempt_fact (digest_id, attempted_at, sent, error, recorded_at)
SELECT $digest_id, $at, false, $error, now()
WHERE NOT EXISTS (SELECT 1 FROM digest_attempt_fact WHERE digest_id = $digest_id AND sent)
