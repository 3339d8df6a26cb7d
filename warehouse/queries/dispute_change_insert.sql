-- What changed in each dispute, from a JSON-lines file written by warehouse/disputes.py ($1).
INSERT INTO dispute_change_fact
SELECT c.change_id, c.snapshot_id, c.dispute_id, c.topic, c.change, c.outlet, c.detail,
       c.changed_at, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'change_id': 'VARCHAR', 'snapshot_id': 'VARCHAR', 'dispute_id': 'VARCHAR',
    'topic': 'VARCHAR', 'change': 'VARCHAR', 'outlet': 'VARCHAR', 'detail': 'VARCHAR',
    'changed_at': 'TIMESTAMPTZ'}) c
WHERE c.change_id NOT IN (SELECT change_id FROM dispute_change_fact)
