-- A failed poll keeps the validators and last_success_at of the last good one.
INSERT INTO feed (feed_url, outlet, kind, etag, last_modified, body_hash, last_polled_at,
                  last_success_at, last_status, last_http_status, consecutive_failures,
                  last_error, next_poll_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (feed_url) DO UPDATE SET
    outlet = coalesce(nullif(excluded.outlet, ''), feed.outlet),
    kind = excluded.kind,
    etag = coalesce(excluded.etag, feed.etag),
    last_modified = coalesce(excluded.last_modified, feed.last_modified),
    body_hash = coalesce(excluded.body_hash, feed.body_hash),
    last_polled_at = excluded.last_polled_at,
    last_success_at = coalesce(excluded.last_success_at, feed.last_success_at),
    last_status = excluded.last_status,
    last_http_status = excluded.last_http_status,
    consecutive_failures = excluded.consecutive_failures,
    last_error = excluded.last_error,
    next_poll_at = excluded.next_poll_at
