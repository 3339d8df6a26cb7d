-- Every dispute for the report's cards: open ones first (the latest change first), then the
-- resolved ones, with the version that resolved each (outlet, URL, version, change class).
SELECT d.dispute_id, d.measure, d.kind, d.modality, d.subject, d.positions, d.status,
       d.first_detected_at, d.last_changed_at, d.resolved_at, d.muted,
       v.outlet, v.url, v.version, v.change_class
FROM disputes d
LEFT JOIN (SELECT DISTINCT ON (version_id) * FROM article_versions ORDER BY version_id) v
       ON v.version_id = d.resolved_by_version
WHERE $topic::VARCHAR IS NULL OR d.topic = $topic
ORDER BY d.status <> 'open', d.last_changed_at DESC, d.dispute_id
