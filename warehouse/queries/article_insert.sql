INSERT INTO article (article_id, url, outlet, feed_url, guid, title, published_at, updated_at,
                     first_seen_at, on_topic, source, story_id, signature)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
