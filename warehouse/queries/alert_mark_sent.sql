-- The SMTP server accepted the message. last_error keeps the reason of any earlier failure.
INSERT INTO digest_attempt_fact (digest_id, attempted_at, sent, error, recorded_at)
SELECT $digest_id, $at, true, NULL, now()
WHERE NOT EXISTS (SELECT 1 FROM digest_attempt_fact WHERE digest_id = $digest_id AND sent)
