-- Runs still marked running when a new run holds the lock died without finishing.
UPDATE run SET status = 'crashed', message = 'the process ended before the run finished'
WHERE status = 'running' AND run_id <> ?
