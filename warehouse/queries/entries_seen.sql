SELECT feed_url, entry_key, fingerprint, article_id FROM feed_entry WHERE feed_url = ?
