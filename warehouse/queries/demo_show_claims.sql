-- The demo's tour: the claims about the default topic's measure.
SELECT outlet, version, value_text, low, high, kind, modality, attribution
FROM claims
WHERE measure = 'orgs_with_access'
ORDER BY outlet, version, value
