-- Disputes (issue 15): one row per disagreement instead of one per pair, the time each claim
-- speaks of, and the analyst's word (mutes and rejections).
--
-- * claim_fact gains as_of_start / as_of_end: the time a claim speaks of (extractors/timeref.py),
--   set by the extract stage; NULL for claims stored before, which the views read as the
--   article's publication time (first_seen_at if it gave none).
-- * dispute_fact: a snapshot of a dispute, appended by the flag stage (warehouse/disputes.py)
--   when it opens, changes, resolves or reopens; dispute_change_fact: what changed, one row per
--   change. A dispute's id derives from its group and time anchor (extractors/disputes.py), a
--   snapshot's from the dispute, its content and the snapshot before it.
-- * verdict_fact: the analyst's word: a dispute muted, a claim rejected, either undone. Nothing
--   is deleted: an undo is one more fact.
-- * compare_setting_fact: the topic's as_of window (how far apart two actual figures may speak
--   of to be compared), recorded by the flag stage so that views compare as detection did.

ALTER TABLE claim_fact ADD COLUMN as_of_start TIMESTAMPTZ;
ALTER TABLE claim_fact ADD COLUMN as_of_end TIMESTAMPTZ;

-- The view binds its columns when created: recreated to carry the new ones.
CREATE OR REPLACE VIEW claim AS
SELECT * EXCLUDE (recorded_at) FROM claim_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY extraction_id, claim_id ORDER BY recorded_at) = 1;

CREATE TABLE verdict_fact (
    verdict_id  VARCHAR NOT NULL,      -- hash of what follows but recorded_at
    target      VARCHAR NOT NULL,      -- dispute | claim
    target_id   VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,      -- mute | reject | undo
    who         VARCHAR NOT NULL,
    why         VARCHAR,
    said_at     TIMESTAMPTZ NOT NULL,
    topic       VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE compare_setting_fact (
    topic           VARCHAR,
    as_of_window    INTERVAL NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE dispute_fact (
    snapshot_id          VARCHAR NOT NULL,
    dispute_id           VARCHAR NOT NULL,
    topic                VARCHAR,
    measure              VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL,
    modality             VARCHAR NOT NULL,
    subject              VARCHAR,
    proposal             VARCHAR,
    anchor_day           DATE,
    status               VARCHAR NOT NULL,   -- open | resolved
    positions            STRUCT(
        position INTEGER, low DECIMAL(38, 6), high DECIMAL(38, 6), "values" DECIMAL(38, 6)[],
        outlets VARCHAR[], stories VARCHAR[], urls VARCHAR[], claim_ids VARCHAR[],
        first_published_at TIMESTAMPTZ, last_published_at TIMESTAMPTZ, majority BOOLEAN,
        outlier BOOLEAN, inconsistent_outlets VARCHAR[], sentence VARCHAR, url VARCHAR,
        published_at TIMESTAMPTZ)[] NOT NULL,
    outlets              VARCHAR[] NOT NULL,
    -- every claim of the snapshot with its article and numbers: how contradictions find their
    -- dispute even when flagged on an earlier version that said the same
    members              STRUCT(claim_id VARCHAR, article_id VARCHAR, position INTEGER,
                                value DECIMAL(38, 6))[] NOT NULL,
    as_of_start          TIMESTAMPTZ,
    as_of_end            TIMESTAMPTZ,
    resolved_by_version  VARCHAR,
    content_key          VARCHAR NOT NULL,   -- what a rerun compares: status and positions
    previous_snapshot_id VARCHAR,
    detected_at          TIMESTAMPTZ NOT NULL,
    recorded_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE dispute_change_fact (
    change_id   VARCHAR NOT NULL,
    snapshot_id VARCHAR NOT NULL,   -- the snapshot after the change
    dispute_id  VARCHAR NOT NULL,
    topic       VARCHAR,
    change      VARCHAR NOT NULL,   -- opened | joined | left | changed | resolved | reopened
    outlet      VARCHAR,
    detail      VARCHAR NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

-- -- the analyst's word -----------------------------------------------------------------------
CREATE OR REPLACE VIEW verdict AS
SELECT * EXCLUDE (recorded_at) FROM verdict_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY verdict_id ORDER BY recorded_at) = 1;

-- Each mute or rejection, with the first undo of the same target said after it.
CREATE OR REPLACE VIEW verdict_spans AS
SELECT s.target, s.target_id, s.action, s.who, s.said_at, s.why, s.topic,
       (SELECT min(u.said_at) FROM verdict u
        WHERE u.action = 'undo' AND u.target = s.target AND u.target_id = s.target_id
          AND u.topic IS NOT DISTINCT FROM s.topic AND u.said_at >= s.said_at) AS undone_at,
       (SELECT arg_min(u.who, u.said_at) FROM verdict u
        WHERE u.action = 'undo' AND u.target = s.target AND u.target_id = s.target_id
          AND u.topic IS NOT DISTINCT FROM s.topic AND u.said_at >= s.said_at) AS undone_by
FROM verdict s
WHERE s.action <> 'undo';

CREATE OR REPLACE VIEW mutes AS
SELECT target_id AS dispute_id, who, said_at AS muted_at, why, undone_at, undone_by,
       undone_at IS NULL AS active, topic
FROM verdict_spans
WHERE target = 'dispute' AND action = 'mute';

CREATE OR REPLACE VIEW rejected_claims AS
SELECT DISTINCT target_id AS claim_id, topic
FROM verdict_spans
WHERE target = 'claim' AND action = 'reject' AND undone_at IS NULL;

-- -- claims: the time they speak of; rejected claims leave comparisons --------------------------
CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, a.url, a.outlet, c.version, c.measure, c.subject, c.value,
       c.low, c.high, c.qualifier, c.kind, c.modality, c.attribution, c.sentence,
       a.published_at, c.negated, c.quantity, c.noun, c.value_text, c.start_char, c.end_char,
       v.fetched_at AS observed_at, a.story_id, e.extractor_version,
       coalesce(e.topic, a.topic) AS topic,
       coalesce(c.as_of_start, a.published_at, a.first_seen_at) AS as_of_start,
       coalesce(c.as_of_end, a.published_at, a.first_seen_at) AS as_of_end
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id AND (e.topic IS NULL OR a.topic = e.topic)
JOIN article_version v ON v.article_id = c.article_id AND v.version = c.version;

CREATE OR REPLACE VIEW rejections AS
SELECT r.target_id AS claim_id, r.who, r.said_at AS rejected_at, r.why, r.undone_at,
       r.undone_by, r.undone_at IS NULL AS active,
       c.measure, c.value, c.outlet, c.url, c.sentence, r.topic
FROM verdict_spans r
LEFT JOIN (SELECT DISTINCT ON (claim_id) claim_id, measure, value, outlet, url, sentence
           FROM claims ORDER BY claim_id) c ON c.claim_id = r.target_id
WHERE r.target = 'claim' AND r.action = 'reject';

CREATE OR REPLACE VIEW comparable_claims AS
SELECT c.*
FROM claims c
WHERE NOT c.negated AND c.quantity = 'count' AND c.measure <> 'other'
  AND NOT EXISTS (SELECT 1 FROM rejected_claims r
                  WHERE r.claim_id = c.claim_id
                    AND (r.topic IS NULL OR r.topic IS NOT DISTINCT FROM c.topic));

-- Derived levels speak of the time their delta does (the sentence announcing the plan).
CREATE OR REPLACE VIEW derived_levels AS
WITH p AS (
    SELECT d.claim_id AS delta_claim_id, t.claim_id AS total_claim_id,
           d.article_id, d.url, d.outlet, d.story_id, d.version, d.observed_at, d.published_at,
           d.measure, d.subject, d.topic, d.as_of_start, d.as_of_end,
           t.value - d.value AS value,
           t.low - d.high AS raw_low,
           t.high - d.low AS high,
           CASE WHEN d.sentence = t.sentence THEN d.sentence
                ELSE d.sentence || ' … ' || t.sentence END AS sentence
    FROM comparable_claims d
    JOIN comparable_claims t
      ON t.article_id = d.article_id AND t.version = d.version AND t.measure = d.measure
     AND t.topic IS NOT DISTINCT FROM d.topic
    WHERE d.kind = 'delta' AND d.modality = 'proposed'
      AND t.kind = 'level' AND t.modality = 'proposed'
    QUALIFY row_number() OVER (
        PARTITION BY d.claim_id, d.topic
        ORDER BY abs(coalesce(t.start_char, 0) - coalesce(d.start_char, 0)), t.claim_id
    ) = 1
)
SELECT 'derived-' || substr(md5(delta_claim_id || '+' || total_claim_id), 1, 16) AS derived_id,
       article_id, url, outlet, story_id, version, observed_at, published_at, measure, subject,
       value,
       CASE WHEN raw_low IS NULL THEN NULL ELSE greatest(raw_low, 0) END AS low,
       high,
       'derived' AS qualifier, 'level' AS kind, 'actual' AS modality,
       sentence,
       [delta_claim_id, total_claim_id] AS derived_from,
       delta_claim_id, total_claim_id, topic, as_of_start, as_of_end
FROM p
WHERE (high IS NULL OR high >= 0) AND (raw_low IS NULL OR high IS NULL OR raw_low <= high);

-- As 0008 (withdrawn articles' claims leave comparisons), without rejected claims, with the
-- subject and the time each claim speaks of.
CREATE OR REPLACE VIEW flag_claims AS
WITH latest AS (
    SELECT article_id, max(version) AS latest_version FROM article_version GROUP BY article_id
),
stated AS (
    SELECT c.* FROM claims c
    WHERE NOT EXISTS (SELECT 1 FROM rejected_claims r
                      WHERE r.claim_id = c.claim_id
                        AND (r.topic IS NULL OR r.topic IS NOT DISTINCT FROM c.topic))
),
both_kinds AS (
    SELECT claim_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence,
           NULL::VARCHAR[] AS derived_from, topic, subject, as_of_start, as_of_end
    FROM stated
    UNION ALL
    SELECT derived_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence, derived_from, topic,
           subject, as_of_start, as_of_end
    FROM derived_levels
),
latest_numbers AS (
    SELECT DISTINCT b.article_id, b.topic, b.measure, b.kind, b.modality, b.value,
           coalesce(b.low, -1e308) AS low, coalesce(b.high, 1e308) AS high
    FROM both_kinds b JOIN latest l ON l.article_id = b.article_id
                                   AND b.version = l.latest_version
)
SELECT b.*, b.version = l.latest_version AS latest, n.article_id IS NOT NULL AS still_stated
FROM both_kinds b
JOIN latest l USING (article_id)
LEFT JOIN latest_numbers n
       ON n.article_id = b.article_id AND n.topic IS NOT DISTINCT FROM b.topic
      AND n.measure = b.measure AND n.kind = b.kind
      AND n.modality = b.modality AND n.value = b.value
      AND n.low = coalesce(b.low, -1e308) AND n.high = coalesce(b.high, 1e308)
WHERE b.article_id NOT IN (SELECT article_id FROM withdrawals);

-- The as_of window each topic compares actual figures within (the latest recorded; a day when
-- none was).
CREATE OR REPLACE VIEW compare_settings AS
SELECT topic, arg_max(as_of_window, recorded_at) AS as_of_window
FROM compare_setting_fact
WHERE recorded_at <= as_of_time()
GROUP BY topic;

-- -- disputes ----------------------------------------------------------------------------------
CREATE OR REPLACE VIEW dispute AS
SELECT * FROM dispute_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY snapshot_id ORDER BY recorded_at) = 1;

CREATE OR REPLACE VIEW dispute_latest AS
SELECT * FROM dispute
QUALIFY row_number() OVER (PARTITION BY dispute_id, topic
                           ORDER BY detected_at DESC, snapshot_id DESC) = 1;

CREATE OR REPLACE VIEW disputes AS
WITH times AS (
    SELECT dispute_id, topic, min(detected_at) AS first_detected_at,
           max(detected_at) AS last_changed_at
    FROM dispute GROUP BY dispute_id, topic
),
muted AS (
    SELECT DISTINCT dispute_id, topic FROM mutes WHERE active
)
SELECT d.dispute_id, d.measure, d.kind, d.modality, d.subject, d.positions, d.outlets, d.status,
       t.first_detected_at, t.last_changed_at,
       CASE WHEN d.status = 'resolved' THEN d.detected_at END AS resolved_at,
       d.resolved_by_version, m.dispute_id IS NOT NULL AS muted, d.proposal, d.anchor_day,
       d.topic, d.as_of_start, d.as_of_end
FROM dispute_latest d
JOIN times t ON t.dispute_id = d.dispute_id AND t.topic IS NOT DISTINCT FROM d.topic
LEFT JOIN muted m ON m.dispute_id = d.dispute_id AND m.topic IS NOT DISTINCT FROM d.topic;

CREATE OR REPLACE VIEW dispute_changes AS
WITH changes AS (
    SELECT * EXCLUDE (recorded_at) FROM dispute_change_fact
    WHERE recorded_at <= as_of_time()
    QUALIFY row_number() OVER (PARTITION BY change_id ORDER BY recorded_at) = 1
),
muted AS (
    SELECT DISTINCT dispute_id, topic FROM mutes WHERE active
)
SELECT c.dispute_id, c.change, c.outlet, c.detail, c.changed_at, s.positions, s.measure, s.kind,
       s.modality, s.subject, m.dispute_id IS NOT NULL AS muted, c.topic, c.change_id,
       s.status, s.outlets, s.resolved_by_version, s.proposal, s.anchor_day
FROM changes c
JOIN dispute s ON s.snapshot_id = c.snapshot_id
LEFT JOIN muted m ON m.dispute_id = c.dispute_id AND m.topic IS NOT DISTINCT FROM c.topic;

-- Which dispute each claim (by article and number) belongs to now: open disputes first.
CREATE OR REPLACE VIEW dispute_members AS
SELECT d.dispute_id, d.topic, d.status, d.measure, d.kind, d.modality, d.subject,
       m.claim_id, m.article_id, m.position, m.value
FROM dispute_latest d, unnest(d.members) AS u(m);

-- -- contradictions: the same comparability as disputes -----------------------------------------
-- A cross-outlet pair is listed while its two claims are comparable: same subject, and for
-- actual figures, times spoken of within the topic's window (flags of a developing count,
-- detected before, stay facts but leave the view). dispute_id: the dispute holding both sides
-- (NULL for drift and for pairs no dispute holds).
CREATE OR REPLACE VIEW contradictions AS
WITH pairs AS (
    SELECT f.contradiction_id, f.kind, f.measure,
           a.claim_id AS a_claim_id, a.url AS a_url, a.outlet AS a_outlet, a.value AS a_value,
           a.sentence AS a_sentence,
           b.claim_id AS b_claim_id, b.url AS b_url, b.outlet AS b_outlet, b.value AS b_value,
           b.sentence AS b_sentence,
           f.detected_at,
           a.low AS a_low, a.high AS a_high, b.low AS b_low, b.high AS b_high,
           a.qualifier AS a_qualifier, b.qualifier AS b_qualifier,
           a.version AS a_version, b.version AS b_version,
           a.article_id AS a_article_id, b.article_id AS b_article_id,
           a.observed_at AS a_observed_at, b.observed_at AS b_observed_at,
           b.kind AS claim_kind, b.modality,
           f.basis, a.derived_from,
           CASE WHEN f.kind = 'drift' THEN b.still_stated
                ELSE a.still_stated AND b.still_stated END AS current,
           f.pair_key, b.topic,
           b.subject AS b_subject,
           greatest(a.as_of_start, b.as_of_start) - least(a.as_of_end, b.as_of_end) AS as_of_gap,
           a.subject IS NOT DISTINCT FROM b.subject AS same_subject
    FROM flag f
    JOIN flag_claims b ON b.claim_id = f.b_claim_id
     AND (f.topic IS NULL OR b.topic IS NOT DISTINCT FROM f.topic)
    JOIN flag_claims a ON a.claim_id = f.a_claim_id AND a.topic IS NOT DISTINCT FROM b.topic
),
comparable AS (
    SELECT p.*
    FROM pairs p
    LEFT JOIN compare_settings s ON s.topic IS NOT DISTINCT FROM p.topic
    WHERE p.kind = 'drift'
       OR (p.same_subject
           AND (p.modality <> 'actual' OR p.as_of_gap <= INTERVAL 0 SECOND
                OR p.as_of_gap < coalesce(s.as_of_window, INTERVAL 1 DAY)))
)
SELECT p.* EXCLUDE (b_subject, as_of_gap, same_subject),
       CASE WHEN p.kind = 'drift' THEN NULL ELSE (
           SELECT arg_min(x.dispute_id, (x.status <> 'open', x.dispute_id))
           FROM dispute_members x
           JOIN dispute_members y ON y.dispute_id = x.dispute_id
                                  AND y.topic IS NOT DISTINCT FROM x.topic
           WHERE x.topic IS NOT DISTINCT FROM p.topic AND x.measure = p.measure
             AND x.kind = p.claim_kind AND x.modality = p.modality
             AND x.subject IS NOT DISTINCT FROM p.b_subject
             AND x.article_id = p.a_article_id AND x.value = p.a_value
             AND y.article_id = p.b_article_id AND y.value = p.b_value
       ) END AS dispute_id
FROM comparable p;
