-- Runs still running when a new run holds the lock died without finishing: a fact says so.
-- Only the runs that held the same lock: on a DuckDB file one lock covers every run ($scoped
-- false); on a lake each topic, and each part of a topic's sharded cycle, has its own.
-- Parameters: the new run's id, its topic, its part, whether locks are scoped.
INSERT INTO run_event_fact (run_id, topic, event, event_at, message, recorded_at)
SELECT run_id, topic, 'crashed', now(), 'the process ended before the run finished', now()
FROM run
WHERE status = 'running' AND run_id <> $run_id
  AND (NOT $scoped OR (topic IS NOT DISTINCT FROM $topic AND part IS NOT DISTINCT FROM $part))
