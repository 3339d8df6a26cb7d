-- Every comparable claim as a point of a per-measure time series (the report's charts).
SELECT measure, kind, modality, outlet, url, article_id, version, observed_at, value, low, high,
       qualifier, sentence
FROM claim_drift
ORDER BY measure, kind, modality, outlet, observed_at, version, claim_id
