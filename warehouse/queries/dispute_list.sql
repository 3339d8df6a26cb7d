-- Disputes of topic $1 (NULL: every topic), open ones only unless $2; open first, then the
-- most recently changed.
SELECT dispute_id, measure, kind, modality, subject, status, positions, outlets,
       first_detected_at, last_changed_at, resolved_at, resolved_by_version, muted, proposal,
       anchor_day, topic
FROM disputes
WHERE ($1::VARCHAR IS NULL OR topic IS NOT DISTINCT FROM $1) AND ($2 OR status = 'open')
ORDER BY status = 'resolved', last_changed_at DESC, dispute_id
