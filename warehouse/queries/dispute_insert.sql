-- Dispute snapshots from a JSON-lines file written by warehouse/disputes.py ($1). A snapshot's
-- id derives from its dispute, content and predecessor: a second writer's copy adds nothing.
INSERT INTO dispute_fact
SELECT s.snapshot_id, s.dispute_id, s.topic, s.measure, s.kind, s.modality, s.subject,
       s.proposal, s.anchor_day, s.status, s.positions, s.outlets, s.members, s.as_of_start,
       s.as_of_end, s.resolved_by_version, s.content_key, s.previous_snapshot_id, s.detected_at,
       now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'snapshot_id': 'VARCHAR', 'dispute_id': 'VARCHAR', 'topic': 'VARCHAR',
    'measure': 'VARCHAR', 'kind': 'VARCHAR', 'modality': 'VARCHAR', 'subject': 'VARCHAR',
    'proposal': 'VARCHAR', 'anchor_day': 'DATE', 'status': 'VARCHAR',
    'positions': 'STRUCT(position INTEGER, low DECIMAL(38, 6), high DECIMAL(38, 6), "values" DECIMAL(38, 6)[], outlets VARCHAR[], stories VARCHAR[], urls VARCHAR[], claim_ids VARCHAR[], first_published_at TIMESTAMPTZ, last_published_at TIMESTAMPTZ, majority BOOLEAN, outlier BOOLEAN, inconsistent_outlets VARCHAR[], sentence VARCHAR, url VARCHAR, published_at TIMESTAMPTZ)[]',
    'outlets': 'VARCHAR[]',
    'members': 'STRUCT(claim_id VARCHAR, article_id VARCHAR, position INTEGER, value DECIMAL(38, 6))[]',
    'as_of_start': 'TIMESTAMPTZ', 'as_of_end': 'TIMESTAMPTZ', 'resolved_by_version': 'VARCHAR',
    'content_key': 'VARCHAR', 'previous_snapshot_id': 'VARCHAR', 'detected_at': 'TIMESTAMPTZ'}) s
WHERE s.snapshot_id NOT IN (SELECT snapshot_id FROM dispute_fact)
