-- The analyst's word: disputes muted and claims rejected, who, when, why, and any undo.
SELECT 'mute' AS action, dispute_id AS target_id, NULL::VARCHAR AS what, who, muted_at AS said_at,
       why, undone_at, undone_by
FROM mutes
WHERE $topic::VARCHAR IS NULL OR topic = $topic
UNION ALL
SELECT 'reject', claim_id,
       concat_ws(' · ', outlet, CAST(value AS VARCHAR), sentence), who, rejected_at, why,
       undone_at, undone_by
FROM rejections
WHERE $topic::VARCHAR IS NULL OR topic = $topic
ORDER BY said_at DESC, action, target_id
