-- The state the next poll of each feed starts from, in one topic ($2; NULL: any).
SELECT feed_url, etag, last_modified, body_hash, consecutive_failures, next_poll_at
FROM feed
WHERE feed_url IN (SELECT unnest($1::VARCHAR[]))
  AND ($2::VARCHAR IS NULL OR topic IS NOT DISTINCT FROM $2)
