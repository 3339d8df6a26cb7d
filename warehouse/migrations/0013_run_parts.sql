-- Runs that are one part of a sharded cycle (issue 16: shards run at once on several workers).
--
-- * run_event_fact gains part: for a shard's run, which part of the topic's work it did
--   ("shard-0-of-2", the name of the lock it held); NULL for a run of the whole topic.
-- * A run that starts marks as crashed only the runs that held the lock it now holds: on a
--   lake, where locks are per topic and per part, another topic's or another shard's run that
--   is still running is not dead (queries/run_mark_abandoned.sql).
-- * run and runs carry part as their last column.

ALTER TABLE run_event_fact ADD COLUMN part VARCHAR;

CREATE OR REPLACE VIEW run AS
WITH e AS (SELECT * FROM run_event_fact WHERE recorded_at <= as_of_time()),
started AS (
    SELECT run_id, arg_min(topic, recorded_at) AS topic, min(event_at) AS started_at,
           arg_min(part, recorded_at) AS part
    FROM e WHERE event = 'started' GROUP BY run_id
),
finished AS (
    SELECT run_id, arg_min(event_at, recorded_at) AS finished_at,
           arg_min(status, recorded_at) AS status, arg_min(counts, recorded_at) AS counts,
           arg_min(errors, recorded_at) AS errors, arg_min(message, recorded_at) AS message
    FROM e WHERE event = 'finished' GROUP BY run_id
),
crashed AS (
    SELECT run_id, arg_min(message, recorded_at) AS message
    FROM e WHERE event = 'crashed' GROUP BY run_id
)
SELECT s.run_id, s.topic, s.started_at, f.finished_at,
       CASE WHEN f.run_id IS NOT NULL THEN f.status
            WHEN c.run_id IS NOT NULL THEN 'crashed'
            ELSE 'running' END AS status,
       f.counts, f.errors, coalesce(f.message, c.message) AS message, s.part
FROM started s
LEFT JOIN finished f USING (run_id)
LEFT JOIN crashed c USING (run_id);

CREATE OR REPLACE VIEW runs AS
SELECT run_id, topic, started_at, finished_at, status, counts, errors, message,
       coalesce(TRY_CAST(json_extract(counts, '$.revisits') AS BIGINT), 0) AS revisits,
       coalesce(TRY_CAST(json_extract(counts, '$.revisits_changed') AS BIGINT), 0)
           AS revisits_changed,
       coalesce(TRY_CAST(json_extract(counts, '$.revisits_withdrawn') AS BIGINT), 0)
           AS revisits_withdrawn,
       part
FROM run;
