-- A run started. Parameters: run_id, topic, started_at, part (NULL: the whole topic).
INSERT INTO run_event_fact (run_id, topic, event, event_at, part, recorded_at)
VALUES ($1, $2, 'started', $3, $4, now())
