-- The demo's tour: contradictions and drift.
SELECT kind, a_outlet, a_value, b_outlet, b_value, basis
FROM contradictions
ORDER BY detected_at, kind
