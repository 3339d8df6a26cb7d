-- A run started. Parameters: run_id, topic, started_at.
INSERT INTO run_event_fact (run_id, topic, event, event_at, recorded_at)
VALUES ($1, $2, 'started', $3, now())
