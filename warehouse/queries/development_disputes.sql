-- A dispute opened, an outlet joined or left a position, its figures changed, it resolved or
-- reopened (the dispute_changes view), unless the analyst muted it. The payload keeps the
-- positions as they stood after the change, so the digest says what was true then, and for a
-- resolution the version that resolved it (outlet, URL, version, change class). Keyed on
-- the change's content-derived id: re-running over the same facts announces nothing twice.
INSERT INTO development_fact (topic, development_key, kind, title, outlet, measure, detail,
                         observed_at, payload, created_at, recorded_at)
SELECT $topic,
       'dispute:' || c.change_id,
       'dispute',
       c.subject,
       c.outlet,
       c.measure,
       c.detail,
       c.changed_at,
       CAST(to_json({
           'dispute_id': c.dispute_id, 'change': c.change, 'measure': c.measure,
           'kind': c.kind, 'modality': c.modality, 'subject': c.subject, 'outlet': c.outlet,
           'detail': c.detail, 'positions': c.positions,
           'resolved_by_version': c.resolved_by_version,
           'resolved_by': CASE WHEN v.version_id IS NOT NULL THEN {
               'outlet': v.outlet, 'url': v.url, 'version': v.version,
               'change_class': v.change_class} END
       }) AS VARCHAR),
       $now,
       now()
FROM dispute_changes c
LEFT JOIN (SELECT DISTINCT ON (version_id) * FROM article_versions ORDER BY version_id) v
       ON c.change = 'resolved' AND v.version_id = c.resolved_by_version
WHERE NOT c.muted AND (c.topic IS NULL OR c.topic = $topic)
  AND NOT EXISTS (
      SELECT 1 FROM development_fact x
      WHERE x.topic = $topic AND x.development_key = 'dispute:' || c.change_id
  )
QUALIFY row_number() OVER (PARTITION BY c.change_id ORDER BY c.changed_at) = 1
