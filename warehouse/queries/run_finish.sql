-- A run finished. Parameters: finished_at, status, counts, errors, message, run_id.
INSERT INTO run_event_fact (run_id, topic, event, event_at, status, counts, errors, message,
                            recorded_at)
SELECT $6, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $6), 'finished', $1, $2,
       $3, $4, $5, now()
