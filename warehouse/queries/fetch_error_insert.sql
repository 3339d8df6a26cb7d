-- A page fetch that failed. Parameters: run_id, topic (NULL: the run's), url, feed_url,
-- failed_at, error.
INSERT INTO fetch_error_fact (run_id, topic, url, feed_url, failed_at, error, recorded_at)
SELECT $1, coalesce($2, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $1)), $3,
       $4, $5, $6, now()
