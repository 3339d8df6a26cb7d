-- Detection works on a narrow snapshot of the comparable claims of the current extraction
-- (counts of a topic measure, not denied), taken once per detection. seen_at (when the article
-- was first seen) and version order claims in time; subject and the time each claim speaks of
-- (as_of, the publication time when the claim has none) and, for proposed figures, the
-- proposal (claims.proposal) decide what is comparable. Claims the
-- analyst rejected are left out. Parameter: the topic (NULL: every topic).
CREATE OR REPLACE TEMP TABLE flag_work AS
SELECT c.claim_id, c.article_id, coalesce(a.story_id, a.article_id) AS story_id, a.outlet,
       a.first_seen_at AS seen_at, c.version, c.measure, c.kind, c.modality, c.value, c.low,
       c.high, c.subject,
       -- proposed figures compare only within one proposal (who proposes it, or a revision)
       coalesce(c.subject, '')
           || CASE WHEN c.modality = 'proposed' THEN '#' || coalesce(c.proposal, '') ELSE '' END
           AS subject_key,
       coalesce(c.as_of_start, a.published_at, a.first_seen_at) AS as_of_start,
       coalesce(c.as_of_end, a.published_at, a.first_seen_at) AS as_of_end
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id AND (e.topic IS NULL OR a.topic = e.topic)
WHERE NOT c.negated AND c.quantity = 'count' AND c.measure <> 'other'
  AND ($1::VARCHAR IS NULL OR coalesce(e.topic, a.topic) IS NOT DISTINCT FROM $1)
  AND c.claim_id NOT IN (SELECT claim_id FROM rejected_claims r
                         WHERE r.topic IS NULL OR $1::VARCHAR IS NULL
                            OR r.topic IS NOT DISTINCT FROM $1)
