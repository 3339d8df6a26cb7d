-- Does the target of a verdict exist, and is it under an active mute or rejection now?
-- $1: target (dispute | claim), $2: its id, $3: topic (NULL: any). Returns its topic and
-- whether it is active.
SELECT t.topic,
       EXISTS (SELECT 1 FROM verdict_spans s
               WHERE s.target = $1 AND s.target_id = $2 AND s.undone_at IS NULL
                 AND s.topic IS NOT DISTINCT FROM t.topic) AS active
FROM (SELECT DISTINCT topic FROM disputes WHERE $1 = 'dispute' AND dispute_id = $2
      UNION
      SELECT DISTINCT topic FROM claims WHERE $1 = 'claim' AND claim_id = $2) t
WHERE $3::VARCHAR IS NULL OR t.topic IS NOT DISTINCT FROM $3
ORDER BY t.topic
