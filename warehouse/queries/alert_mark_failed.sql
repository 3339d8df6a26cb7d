UPDATE digest SET attempts = attempts + 1, last_attempt_at = $at, last_error = $error
WHERE digest_id = $digest_id AND sent_at IS NULL
