-- The stated claims disputes are built from, once per detection: counts of a topic measure, not
-- denied, not rejected by the analyst, from the latest version of each article, of articles not
-- withdrawn (dispute_work_derived then adds the derived levels of those versions).
-- published_at: the article's publication time, else when it was first seen; as_of: the time
-- the claim speaks of, that same time when it names none; proposal: who proposed a proposed
-- figure, "/revised" marking a revised or new proposal (NULL: the group's one proposal). Read
-- from the fact views directly, like flags_work_claims: the claims view would cost as much
-- again. Parameter: the topic (NULL: every topic, as one).
CREATE OR REPLACE TEMP TABLE dispute_work AS
WITH latest AS (
    SELECT article_id, max(version) AS version FROM article_version GROUP BY article_id
)
SELECT c.claim_id, c.article_id, c.version, a.url, a.outlet,
       coalesce(a.story_id, a.article_id) AS story_id, c.measure, c.kind, c.modality,
       c.subject, c.value, c.low, c.high,
       coalesce(a.published_at, a.first_seen_at) AS published_at,
       coalesce(c.as_of_start, a.published_at, a.first_seen_at) AS as_of_start,
       coalesce(c.as_of_end, a.published_at, a.first_seen_at) AS as_of_end,
       false AS derived, c.sentence, c.start_char,
       CASE WHEN c.modality = 'proposed' THEN c.proposal END AS proposal
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id AND (e.topic IS NULL OR a.topic = e.topic)
JOIN latest l ON l.article_id = c.article_id AND l.version = c.version
WHERE NOT c.negated AND c.quantity = 'count' AND c.measure <> 'other'
  AND ($1::VARCHAR IS NULL OR coalesce(e.topic, a.topic) IS NOT DISTINCT FROM $1)
  AND c.claim_id NOT IN (SELECT claim_id FROM rejected_claims r
                         WHERE r.topic IS NULL OR $1::VARCHAR IS NULL
                            OR r.topic IS NOT DISTINCT FROM $1)
  AND c.article_id NOT IN (SELECT article_id FROM withdrawals)
