-- The latest runs, newest first (`claimwatch status`, the report's summary).
SELECT run_id, topic, started_at, finished_at, status, errors, message, counts
FROM runs
WHERE $topic::VARCHAR IS NULL OR topic = $topic
ORDER BY started_at DESC, run_id DESC
LIMIT $limit
