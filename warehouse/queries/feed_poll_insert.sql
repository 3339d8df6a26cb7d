INSERT INTO feed_poll (run_id, feed_url, polled_at, status, http_status, entries, error)
VALUES (?, ?, ?, ?, ?, ?, ?)
