-- Content-derived ids and topics side by side.
--
-- A version's id derives from its article, number and content hash, a claim's from its version,
-- offsets, measure and value (and topic): two writers storing the same fact store the same id,
-- and re-extraction with a new extraction key gives an unchanged claim its old id, so a flag on
-- it is not flagged, nor announced, again. A flag's id derives from what its two claims assert
-- (its pair_key) and its topic.
--
-- Several topics share one warehouse: an article belongs to every topic whose runs saw it,
-- with that topic's on-topic verdict; extractions, flags, developments, runs, feed polls and
-- feed entries carry their topic, and every view has a topic column. An extraction or flag
-- stored without a topic counts for every topic its article belongs to.

ALTER TABLE article_version_fact ADD COLUMN version_id VARCHAR;
UPDATE article_version_fact
SET version_id = substr(sha256(concat_ws('/', article_id, version, content_hash)), 1, 20);

CREATE OR REPLACE VIEW article_version AS
SELECT article_id, version, fetched_at, content_hash, title, text, source, note, recorded_at,
       version_id
FROM article_version_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY article_id, version ORDER BY recorded_at, content_hash) = 1;

-- One row per claim of each extraction (an unchanged claim keeps its id across extractions).
CREATE OR REPLACE VIEW claim AS
SELECT * EXCLUDE (recorded_at) FROM claim_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY extraction_id, claim_id ORDER BY recorded_at) = 1;

-- An article in each topic that saw it: as first seen, with the latest title and update time
-- any check gave, the first publication time, the topic's latest on-topic verdict, and the
-- article it was folded into.
CREATE OR REPLACE VIEW article AS
WITH facts AS (SELECT * FROM article_fact WHERE recorded_at <= as_of_time()),
checks AS (SELECT * FROM article_check_fact WHERE recorded_at <= as_of_time()),
first AS (
    SELECT * FROM facts
    QUALIFY row_number() OVER (PARTITION BY article_id
                               ORDER BY first_seen_at, recorded_at, url) = 1
),
members AS (
    SELECT article_id, topic FROM facts
    UNION
    SELECT article_id, topic FROM checks
),
said AS (
    SELECT article_id,
           arg_max(title, (recorded_at, checked_at)) AS title,
           arg_max(updated_at, (recorded_at, checked_at)) AS updated_at,
           arg_min(published_at, (recorded_at, checked_at)) AS published_at
    FROM checks
    WHERE title IS NOT NULL
    GROUP BY article_id
),
verdicts AS (
    SELECT article_id, topic, arg_max(on_topic, (recorded_at, checked_at)) AS on_topic
    FROM (SELECT article_id, topic, on_topic, recorded_at, first_seen_at AS checked_at
          FROM facts
          UNION ALL
          SELECT article_id, topic, on_topic, recorded_at, checked_at FROM checks)
    GROUP BY article_id, topic
),
folds AS (
    SELECT article_id, arg_min(duplicate_of, recorded_at) AS duplicate_of
    FROM article_fold_fact WHERE recorded_at <= as_of_time() GROUP BY article_id
)
SELECT f.article_id, f.url, f.outlet, f.feed_url, f.guid, coalesce(s.title, f.title) AS title,
       coalesce(f.published_at, s.published_at) AS published_at,
       coalesce(s.updated_at, f.updated_at) AS updated_at, f.first_seen_at,
       coalesce(v.on_topic, false) AS on_topic, f.source, f.story_id, f.signature,
       d.duplicate_of, m.topic, f.recorded_at
FROM members m
JOIN first f USING (article_id)
LEFT JOIN said s USING (article_id)
LEFT JOIN verdicts v ON v.article_id = m.article_id AND v.topic IS NOT DISTINCT FROM m.topic
LEFT JOIN folds d ON d.article_id = m.article_id;

-- Feed state and entries per topic: one topic's poll never answers another's.
CREATE OR REPLACE VIEW feed AS
WITH p AS (SELECT * FROM feed_poll_fact WHERE recorded_at <= as_of_time()),
resets AS (
    SELECT feed_url, topic, max(recorded_at) AS reset_at
    FROM feed_reset_fact WHERE recorded_at <= as_of_time() GROUP BY feed_url, topic
)
SELECT p.feed_url,
       arg_max(nullif(p.outlet, ''), (p.recorded_at, p.polled_at)) AS outlet,
       arg_max(p.kind, (p.recorded_at, p.polled_at)) AS kind,
       arg_max(p.etag, (p.recorded_at, p.polled_at))
           FILTER (WHERE r.reset_at IS NULL OR p.recorded_at > r.reset_at) AS etag,
       arg_max(p.last_modified, (p.recorded_at, p.polled_at))
           FILTER (WHERE r.reset_at IS NULL OR p.recorded_at > r.reset_at) AS last_modified,
       arg_max(p.body_hash, (p.recorded_at, p.polled_at))
           FILTER (WHERE r.reset_at IS NULL OR p.recorded_at > r.reset_at) AS body_hash,
       max(p.polled_at) AS last_polled_at,
       max(p.polled_at) FILTER (WHERE p.status <> 'failed') AS last_success_at,
       arg_max(p.status, (p.recorded_at, p.polled_at)) AS last_status,
       arg_max_null(p.http_status, (p.recorded_at, p.polled_at)) AS last_http_status,
       arg_max(p.consecutive_failures, (p.recorded_at, p.polled_at)) AS consecutive_failures,
       arg_max_null(p.error, (p.recorded_at, p.polled_at)) AS last_error,
       arg_max_null(p.next_poll_at, (p.recorded_at, p.polled_at)) AS next_poll_at,
       p.topic
FROM p
LEFT JOIN resets r ON r.feed_url = p.feed_url AND r.topic IS NOT DISTINCT FROM p.topic
GROUP BY p.feed_url, p.topic;

CREATE OR REPLACE VIEW feed_entry AS
SELECT feed_url, entry_key,
       arg_max(fingerprint, (recorded_at, seen_at)) AS fingerprint,
       arg_max(article_id, (recorded_at, seen_at)) AS article_id,
       max(seen_at) AS seen_at,
       topic
FROM feed_entry_fact
WHERE recorded_at <= as_of_time()
GROUP BY feed_url, entry_key, topic;

-- -- public views, joined within a topic -----------------------------------------------------
CREATE OR REPLACE VIEW articles AS
SELECT a.article_id, a.url, a.outlet, a.title, a.published_at, a.first_seen_at, a.on_topic,
       a.updated_at, a.feed_url, a.guid, a.source, a.story_id,
       (SELECT max(v.version) FROM article_version v WHERE v.article_id = a.article_id) AS versions,
       (SELECT count(*) FROM article s
        WHERE s.story_id = a.story_id AND s.duplicate_of IS NULL
          AND s.topic IS NOT DISTINCT FROM a.topic) > 1 AS syndicated,
       a.topic
FROM article a
WHERE a.duplicate_of IS NULL;

CREATE OR REPLACE VIEW article_versions AS
SELECT v.article_id, a.url, v.version, v.fetched_at, v.content_hash, v.title, v.text,
       a.outlet, v.source, v.note, a.topic, v.version_id
FROM article_version v JOIN article a USING (article_id);

CREATE OR REPLACE VIEW current_extraction AS
SELECT extraction_id, article_id, version, extractor_version, extracted_at, topic
FROM extraction
QUALIFY row_number() OVER (PARTITION BY article_id, version, topic
                           ORDER BY extracted_at DESC, extraction_id) = 1;

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, a.url, a.outlet, c.version, c.measure, c.subject, c.value,
       c.low, c.high, c.qualifier, c.kind, c.modality, c.attribution, c.sentence,
       a.published_at, c.negated, c.quantity, c.noun, c.value_text, c.start_char, c.end_char,
       v.fetched_at AS observed_at, a.story_id, e.extractor_version,
       coalesce(e.topic, a.topic) AS topic
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id AND (e.topic IS NULL OR a.topic = e.topic)
JOIN article_version v ON v.article_id = c.article_id AND v.version = c.version;

CREATE OR REPLACE VIEW entities AS
SELECT n.article_id, a.url, n.version, n.text, n.label, n.canonical, n.start_char, n.end_char,
       e.extractor_version, coalesce(e.topic, a.topic) AS topic
FROM entity n
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = n.article_id AND (e.topic IS NULL OR a.topic = e.topic);

CREATE OR REPLACE VIEW derived_levels AS
WITH p AS (
    SELECT d.claim_id AS delta_claim_id, t.claim_id AS total_claim_id,
           d.article_id, d.url, d.outlet, d.story_id, d.version, d.observed_at, d.published_at,
           d.measure, d.subject, d.topic,
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
       delta_claim_id, total_claim_id, topic
FROM p
WHERE (high IS NULL OR high >= 0) AND (raw_low IS NULL OR high IS NULL OR raw_low <= high);

CREATE OR REPLACE VIEW flag_claims AS
WITH latest AS (
    SELECT article_id, max(version) AS latest_version FROM article_version GROUP BY article_id
),
both_kinds AS (
    SELECT claim_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence,
           NULL::VARCHAR[] AS derived_from, topic
    FROM claims
    UNION ALL
    SELECT derived_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence, derived_from, topic
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
      AND n.low = coalesce(b.low, -1e308) AND n.high = coalesce(b.high, 1e308);

CREATE OR REPLACE VIEW contradictions AS
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
       f.pair_key, b.topic
FROM flag f
JOIN flag_claims b ON b.claim_id = f.b_claim_id
 AND (f.topic IS NULL OR b.topic IS NOT DISTINCT FROM f.topic)
JOIN flag_claims a ON a.claim_id = f.a_claim_id AND a.topic IS NOT DISTINCT FROM b.topic;

-- Copies seen at the same moment are listed by URL (ties used to follow insertion order).
CREATE OR REPLACE VIEW stories AS
SELECT a.story_id, count(*) AS copies,
       list(a.outlet ORDER BY a.first_seen_at, a.url) AS outlets,
       list(a.url ORDER BY a.first_seen_at, a.url) AS urls, min(a.first_seen_at) AS first_seen_at,
       arg_min(a.title, (a.first_seen_at, a.url)) AS title, a.topic
FROM article a
WHERE a.duplicate_of IS NULL
GROUP BY a.topic, a.story_id;

-- Feed entries and state of an upgraded warehouse carry no topic yet. A release before this one
-- held one topic per file, so they take its runs' topic when there is exactly one (else the
-- first poll of each topic reads its feeds' entries afresh, which loses nothing).
UPDATE feed_entry_fact SET topic = (SELECT any_value(topic) FROM run_event_fact)
WHERE topic IS NULL AND (SELECT count(DISTINCT topic) FROM run_event_fact) = 1;
UPDATE feed_poll_fact SET topic = (SELECT any_value(topic) FROM run_event_fact)
WHERE topic IS NULL AND (SELECT count(DISTINCT topic) FROM run_event_fact) = 1;
