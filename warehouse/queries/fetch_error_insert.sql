INSERT INTO fetch_error (run_id, url, feed_url, failed_at, error) VALUES (?, ?, ?, ?, ?)
