-- Every feed with its failure streak, failing ones first (`claimwatch status`, the report).
SELECT feed_url, outlet, consecutive_failures, last_error, last_polled_at, next_poll_at,
       last_success_at
FROM feed_health
WHERE $topic::VARCHAR IS NULL OR topic = $topic
ORDER BY consecutive_failures DESC, feed_url
