-- The message as first composed; later compositions never replace it.
INSERT INTO digest_message_fact (digest_id, subject, message_id, message, recorded_at)
SELECT $digest_id, $subject, $message_id, $message, now()
WHERE NOT EXISTS (SELECT 1 FROM digest_message_fact WHERE digest_id = $digest_id)
