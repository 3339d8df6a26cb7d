-- The alert outbox at a glance: developments no digest holds yet, digests the SMTP server has
-- not accepted (with their attempts and last error), and when a digest was last sent.
SELECT
    (SELECT count(*) FROM developments WHERE digest_id IS NULL AND ($topic::VARCHAR IS NULL OR topic = $topic)) AS undigested,
    (SELECT count(*) FROM alerts WHERE sent_at IS NULL AND ($topic::VARCHAR IS NULL OR topic = $topic)) AS unsent_digests,
    (SELECT coalesce(sum(developments), 0) FROM alerts WHERE sent_at IS NULL AND ($topic::VARCHAR IS NULL OR topic = $topic)) AS unsent_items,
    (SELECT max(attempts) FROM alerts WHERE sent_at IS NULL AND ($topic::VARCHAR IS NULL OR topic = $topic)) AS attempts,
    (SELECT arg_max(last_error, last_attempt_at) FROM alerts WHERE sent_at IS NULL AND ($topic::VARCHAR IS NULL OR topic = $topic)) AS last_error,
    (SELECT max(sent_at) FROM alerts WHERE $topic::VARCHAR IS NULL OR topic = $topic) AS last_sent_at
