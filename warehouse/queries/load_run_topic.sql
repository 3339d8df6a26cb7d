-- The topic of a run (NULL when the run was never recorded).
SELECT any_value(topic) FROM run_event_fact WHERE run_id = $1
