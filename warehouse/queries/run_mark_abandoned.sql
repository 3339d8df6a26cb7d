-- Runs still running when a new run holds the lock died without finishing: a fact says so.
-- Parameter: the new run's id.
INSERT INTO run_event_fact (run_id, topic, event, event_at, message, recorded_at)
SELECT run_id, topic, 'crashed', now(), 'the process ended before the run finished', now()
FROM run
WHERE status = 'running' AND run_id <> $1
