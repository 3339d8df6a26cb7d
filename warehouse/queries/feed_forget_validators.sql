UPDATE feed SET etag = NULL, last_modified = NULL, body_hash = NULL
WHERE feed_url IN (SELECT unnest(?::VARCHAR[]))
