-- Flags first detected at or after a time (the current run's flags, for alerts and reports).
-- Parameters: since, topic (NULL: every topic).
SELECT contradiction_id, kind, basis, measure,
       a_claim_id, a_url, a_outlet, a_value, a_low, a_high, a_qualifier, a_version,
       a_observed_at, a_sentence,
       b_claim_id, b_url, b_outlet, b_value, b_low, b_high, b_qualifier, b_version,
       b_observed_at, b_sentence,
       claim_kind, modality, derived_from, current, detected_at
FROM contradictions
WHERE detected_at >= $1 AND ($2::VARCHAR IS NULL OR topic IS NOT DISTINCT FROM $2)
ORDER BY detected_at, kind, measure, a_observed_at, contradiction_id
