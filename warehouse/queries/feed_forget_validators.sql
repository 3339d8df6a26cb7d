-- The next poll of these feeds reads them in full: validators recorded before now are forgotten.
INSERT INTO feed_reset_fact (feed_url, topic, recorded_at)
SELECT unnest($1::VARCHAR[]), $2, now()
