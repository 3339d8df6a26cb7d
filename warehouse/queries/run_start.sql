INSERT INTO run (run_id, topic, started_at, status) VALUES (?, ?, ?, 'running')
