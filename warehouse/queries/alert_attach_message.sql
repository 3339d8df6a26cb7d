-- The message as first composed; later compositions never replace it.
UPDATE digest SET subject = $subject, message_id = $message_id, message = $message
WHERE digest_id = $digest_id AND message IS NULL
