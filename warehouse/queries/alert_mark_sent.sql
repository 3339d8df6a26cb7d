-- The SMTP server accepted the message. last_error keeps the reason of any earlier failure.
UPDATE digest SET sent_at = $at, attempts = attempts + 1, last_attempt_at = $at
WHERE digest_id = $digest_id AND sent_at IS NULL
