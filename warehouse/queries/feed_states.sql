SELECT feed_url, etag, last_modified, body_hash, consecutive_failures, next_poll_at
FROM feed
WHERE feed_url IN (SELECT unnest(?::VARCHAR[]))
