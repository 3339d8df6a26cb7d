-- What a feed said about an entry this time; the feed_entry view keeps the latest (and the
-- latest article it led to).
INSERT INTO feed_entry_fact (feed_url, entry_key, fingerprint, article_id, seen_at, topic,
                             recorded_at)
VALUES (?, ?, ?, ?, ?, ?, now())
