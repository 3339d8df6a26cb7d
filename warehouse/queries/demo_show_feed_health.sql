-- The demo's tour: how each feed answered.
SELECT feed_url, last_status, consecutive_failures FROM feed_health
