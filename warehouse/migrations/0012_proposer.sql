-- Proposals identified by proposer (issue 15, item 4): "the figures of one proposal are compared
-- across time (a proposal is identified by measure, kind, subject and proposer; one reported as
-- revised or new starts another)".
--
-- * claim_fact gains proposal: for a proposed figure, who proposes it, canonical ("Anthropic",
--   "White House", "lawmakers"), with "/revised" when it is reported as revised or new
--   (extractors/records.py Claim.proposal); NULL for actual figures and for claims stored
--   before, which disputes read as the one proposal of their group.
-- * claims carries it as its last column; the views that read claims.* are recreated so that
--   they bind the new column list.

ALTER TABLE claim_fact ADD COLUMN proposal VARCHAR;

CREATE OR REPLACE VIEW claim AS
SELECT * EXCLUDE (recorded_at) FROM claim_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY extraction_id, claim_id ORDER BY recorded_at) = 1;

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, a.url, a.outlet, c.version, c.measure, c.subject, c.value,
       c.low, c.high, c.qualifier, c.kind, c.modality, c.attribution, c.sentence,
       a.published_at, c.negated, c.quantity, c.noun, c.value_text, c.start_char, c.end_char,
       v.fetched_at AS observed_at, a.story_id, e.extractor_version,
       coalesce(e.topic, a.topic) AS topic,
       coalesce(c.as_of_start, a.published_at, a.first_seen_at) AS as_of_start,
       coalesce(c.as_of_end, a.published_at, a.first_seen_at) AS as_of_end,
       c.proposal
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id AND (e.topic IS NULL OR a.topic = e.topic)
JOIN article_version v ON v.article_id = c.article_id AND v.version = c.version;

CREATE OR REPLACE VIEW comparable_claims AS
SELECT c.*
FROM claims c
WHERE NOT c.negated AND c.quantity = 'count' AND c.measure <> 'other'
  AND NOT EXISTS (SELECT 1 FROM rejected_claims r
                  WHERE r.claim_id = c.claim_id
                    AND (r.topic IS NULL OR r.topic IS NOT DISTINCT FROM c.topic));
