-- The latest snapshot of every dispute of the topic $1 (NULL: stored without a topic), open or
-- resolved: what a new detection compares with and carries ids from.
SELECT dispute_id, status, measure, kind, modality, subject, proposal, anchor_day, positions,
       outlets, content_key, snapshot_id, detected_at, as_of_start, as_of_end, members,
       recorded_at
FROM dispute_latest
WHERE topic IS NOT DISTINCT FROM $1
ORDER BY dispute_id
