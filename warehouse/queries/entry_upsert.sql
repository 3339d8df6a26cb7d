INSERT INTO feed_entry (feed_url, entry_key, fingerprint, article_id, seen_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (feed_url, entry_key) DO UPDATE SET
    fingerprint = excluded.fingerprint,
    article_id = coalesce(excluded.article_id, feed_entry.article_id),
    seen_at = excluded.seen_at
