-- A poll of a feed and the state it leaves the feed in (see the feed view: a failed poll
-- keeps the validators and last success of the last good one). The topic defaults to the
-- run's.
INSERT INTO feed_poll_fact (run_id, topic, feed_url, outlet, kind, polled_at, status,
                            http_status, entries, error, etag, last_modified, body_hash,
                            consecutive_failures, next_poll_at, recorded_at)
SELECT $run_id,
       coalesce($topic, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $run_id)),
       $feed_url, $outlet, $kind, $polled_at, $status, $http_status, $entries, $error, $etag,
       $last_modified, $body_hash, $consecutive_failures, $next_poll_at, now()
