-- Facts, not updates. Every table becomes an append-only table of facts named *_fact, each
-- row carrying the time it was recorded (recorded_at); the old table names become views that
-- derive current state from the facts (latest per key, de-duplicated by id). Outside
-- migrations nothing updates, deletes or upserts, and no load relies on a key: DuckLake, which
-- the same schema must run on, aborts transactions that update rows another writer inserted
-- into and enforces no PRIMARY KEY or UNIQUE.
--
-- Every view reads facts recorded up to as_of_time(): the variable claimwatch_as_of when a
-- session set it (`claimwatch sql --as-of`), else everything. Rows are copied, none is lost;
-- the topic of older facts is their run's topic.

CREATE MACRO as_of_time() AS
    coalesce(getvariable('claimwatch_as_of')::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ);

-- -- runs: started, finished, found crashed -------------------------------------------------
CREATE TABLE run_event_fact (
    run_id      VARCHAR NOT NULL,
    topic       VARCHAR,
    event       VARCHAR NOT NULL,          -- started | finished | crashed
    event_at    TIMESTAMPTZ NOT NULL,
    status      VARCHAR,                   -- finished: completed | failed
    counts      JSON,
    errors      INTEGER,
    message     VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL
);
INSERT INTO run_event_fact
SELECT run_id, topic, 'started', started_at, NULL, NULL, NULL, NULL, started_at FROM run;
INSERT INTO run_event_fact
SELECT run_id, topic, 'finished', coalesce(finished_at, started_at), status, counts, errors,
       message, coalesce(finished_at, started_at)
FROM run WHERE status NOT IN ('running', 'crashed');
INSERT INTO run_event_fact
SELECT run_id, topic, 'crashed', started_at, NULL, NULL, NULL, message, started_at
FROM run WHERE status = 'crashed';

-- -- feeds: every poll with the state it left the feed in; validators forgotten ------------
CREATE TABLE feed_poll_fact (
    run_id               VARCHAR NOT NULL,
    topic                VARCHAR,
    feed_url             VARCHAR NOT NULL,
    outlet               VARCHAR,
    kind                 VARCHAR,
    polled_at            TIMESTAMPTZ NOT NULL,
    status               VARCHAR NOT NULL,  -- ok | not_modified | unchanged | failed
    http_status          INTEGER,
    entries              INTEGER,
    error                VARCHAR,
    etag                 VARCHAR,           -- NULL: keep the previous poll's
    last_modified        VARCHAR,
    body_hash            VARCHAR,
    consecutive_failures INTEGER NOT NULL,
    next_poll_at         TIMESTAMPTZ,
    recorded_at          TIMESTAMPTZ NOT NULL
);
-- The old feed row's state goes with the poll that left it (its last_polled_at).
INSERT INTO feed_poll_fact
SELECT p.run_id, r.topic, p.feed_url, f.outlet, f.kind, p.polled_at, p.status, p.http_status,
       p.entries, p.error,
       CASE WHEN p.polled_at = f.last_polled_at THEN f.etag END,
       CASE WHEN p.polled_at = f.last_polled_at THEN f.last_modified END,
       CASE WHEN p.polled_at = f.last_polled_at THEN f.body_hash END,
       CASE WHEN p.polled_at = f.last_polled_at THEN f.consecutive_failures ELSE 0 END,
       CASE WHEN p.polled_at = f.last_polled_at THEN f.next_poll_at END,
       p.polled_at
FROM feed_poll p
LEFT JOIN feed f USING (feed_url)
LEFT JOIN run r USING (run_id);
INSERT INTO feed_poll_fact
SELECT 'upgrade', NULL, f.feed_url, f.outlet, f.kind, coalesce(f.last_polled_at, now()),
       coalesce(f.last_status, 'ok'), f.last_http_status, NULL, f.last_error, f.etag,
       f.last_modified, f.body_hash, f.consecutive_failures, f.next_poll_at,
       coalesce(f.last_polled_at, now())
FROM feed f
WHERE NOT EXISTS (SELECT 1 FROM feed_poll p
                  WHERE p.feed_url = f.feed_url AND p.polled_at = f.last_polled_at);

-- A poll that must read the whole feed next time (an entry awaits a retry): validators and
-- body hashes recorded before it no longer count.
CREATE TABLE feed_reset_fact (
    feed_url    VARCHAR NOT NULL,
    topic       VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL
);

-- What a feed said about an entry, each time it was seen.
CREATE TABLE feed_entry_fact (
    feed_url    VARCHAR NOT NULL,
    entry_key   VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    article_id  VARCHAR,
    seen_at     TIMESTAMPTZ NOT NULL,
    topic       VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL
);
INSERT INTO feed_entry_fact
SELECT feed_url, entry_key, fingerprint, article_id, seen_at, NULL, seen_at FROM feed_entry;

-- -- articles: first seen, checked, folded into another; names, bands, versions -------------
CREATE TABLE article_fact (            -- the article as first seen
    article_id    VARCHAR NOT NULL,      -- stable hash of the canonical URL
    url           VARCHAR NOT NULL,
    outlet        VARCHAR,
    feed_url      VARCHAR,
    guid          VARCHAR,
    title         VARCHAR,
    published_at  TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ,
    first_seen_at TIMESTAMPTZ NOT NULL,
    on_topic      BOOLEAN NOT NULL,
    source        VARCHAR,
    story_id      VARCHAR,
    signature     UBIGINT[],
    topic         VARCHAR,
    recorded_at   TIMESTAMPTZ NOT NULL
);
-- Every time a poll looked at an article: what it said then (title, dates, on topic).
CREATE TABLE article_check_fact (
    run_id       VARCHAR NOT NULL,
    topic        VARCHAR,
    article_id   VARCHAR NOT NULL,
    checked_at   TIMESTAMPTZ NOT NULL,
    content_hash VARCHAR,
    outcome      VARCHAR NOT NULL,        -- new | changed | unchanged | failed
    error        VARCHAR,
    title        VARCHAR,                 -- NULL: not read this time
    published_at TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ,
    on_topic     BOOLEAN,
    recorded_at  TIMESTAMPTZ NOT NULL
);
-- A discovery record (aggregator item) found to be another article's duplicate.
CREATE TABLE article_fold_fact (
    article_id   VARCHAR NOT NULL,
    duplicate_of VARCHAR NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO article_check_fact
SELECT c.run_id, r.topic, c.article_id, c.checked_at, c.content_hash, c.outcome, c.error,
       NULL, NULL, NULL, NULL, c.checked_at
FROM article_check c LEFT JOIN run r USING (run_id);
-- The topic an article was first seen under: its first check's run's.
INSERT INTO article_fact
SELECT a.article_id, a.url, a.outlet, a.feed_url, a.guid, a.title, a.published_at,
       a.updated_at, a.first_seen_at, a.on_topic, a.source, a.story_id, a.signature,
       (SELECT arg_min(c.topic, c.checked_at) FROM article_check_fact c
        WHERE c.article_id = a.article_id),
       a.first_seen_at
FROM article a;
INSERT INTO article_fold_fact
SELECT a.article_id, a.duplicate_of, coalesce(d.first_seen_at, a.first_seen_at)
FROM article a LEFT JOIN article d ON d.article_id = a.duplicate_of
WHERE a.duplicate_of IS NOT NULL;

CREATE TABLE article_alias_fact (
    alias       VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
INSERT INTO article_alias_fact
SELECT x.alias, x.article_id, coalesce(a.first_seen_at, now())
FROM article_alias x LEFT JOIN article a USING (article_id);

CREATE TABLE story_band_fact (
    band_key    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
INSERT INTO story_band_fact
SELECT b.band_key, b.article_id, coalesce(a.first_seen_at, now())
FROM story_band b LEFT JOIN article a USING (article_id);

CREATE TABLE article_version_fact (
    article_id   VARCHAR NOT NULL,
    version      INTEGER NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL,
    content_hash VARCHAR NOT NULL,
    title        VARCHAR,
    text         VARCHAR,
    source       VARCHAR,
    note         VARCHAR,
    recorded_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO article_version_fact
SELECT article_id, version, fetched_at, content_hash, title, text, source, note, fetched_at
FROM article_version;

CREATE TABLE fetch_error_fact (
    run_id      VARCHAR NOT NULL,
    topic       VARCHAR,
    url         VARCHAR NOT NULL,
    feed_url    VARCHAR,
    failed_at   TIMESTAMPTZ NOT NULL,
    error       VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
INSERT INTO fetch_error_fact
SELECT e.run_id, r.topic, e.url, e.feed_url, e.failed_at, e.error, e.failed_at
FROM fetch_error e LEFT JOIN run r USING (run_id);

-- -- extractions, claims, entities ------------------------------------------------------------
CREATE TABLE extraction_fact (
    extraction_id     VARCHAR NOT NULL,   -- hash of article, version and extraction key
    article_id        VARCHAR NOT NULL,
    version           INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,   -- the extraction key
    extracted_at      TIMESTAMPTZ NOT NULL,
    topic             VARCHAR,
    recorded_at       TIMESTAMPTZ NOT NULL
);
INSERT INTO extraction_fact
SELECT extraction_id, article_id, version, extractor_version, extracted_at,
       (SELECT any_value(topic) FROM run), extracted_at
FROM extraction;

CREATE TABLE claim_fact (
    claim_id       VARCHAR NOT NULL,
    extraction_id  VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    version        INTEGER NOT NULL,
    measure        VARCHAR NOT NULL,
    subject        VARCHAR,
    value          DECIMAL(38, 6) NOT NULL,
    low            DECIMAL(38, 6),
    high           DECIMAL(38, 6),
    qualifier      VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    modality       VARCHAR NOT NULL,
    negated        BOOLEAN NOT NULL,
    quantity       VARCHAR NOT NULL,
    noun           VARCHAR,
    attribution    VARCHAR,
    value_text     VARCHAR,
    sentence       VARCHAR NOT NULL,
    start_char     INTEGER,
    end_char       INTEGER,
    sentence_start INTEGER,
    sentence_end   INTEGER,
    recorded_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO claim_fact
SELECT c.*, coalesce(e.extracted_at, now())
FROM claim c LEFT JOIN extraction e USING (extraction_id);

CREATE TABLE entity_fact (
    extraction_id VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    canonical     VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL
);
INSERT INTO entity_fact
SELECT n.*, coalesce(e.extracted_at, now())
FROM entity n LEFT JOIN extraction e USING (extraction_id);

-- -- flags ------------------------------------------------------------------------------------
CREATE TABLE flag_fact (
    contradiction_id VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    basis            VARCHAR NOT NULL,
    measure          VARCHAR NOT NULL,
    a_claim_id       VARCHAR NOT NULL,
    b_claim_id       VARCHAR NOT NULL,
    pair_key         VARCHAR NOT NULL,
    detected_at      TIMESTAMPTZ NOT NULL,
    topic            VARCHAR,
    recorded_at      TIMESTAMPTZ NOT NULL
);
INSERT INTO flag_fact
SELECT f.*, (SELECT any_value(topic) FROM run), f.detected_at FROM flag f;

-- -- the outbox: developments, digests and what became of them -------------------------------
CREATE TABLE development_fact (
    topic           VARCHAR NOT NULL,
    development_key VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    title           VARCHAR,
    url             VARCHAR,
    outlet          VARCHAR,
    measure         VARCHAR,
    detail          VARCHAR,
    a_url           VARCHAR,
    a_outlet        VARCHAR,
    a_value         VARCHAR,
    a_sentence      VARCHAR,
    b_url           VARCHAR,
    b_outlet        VARCHAR,
    b_value         VARCHAR,
    b_sentence      VARCHAR,
    observed_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL
);
INSERT INTO development_fact
SELECT topic, development_key, kind, title, url, outlet, measure, detail, a_url, a_outlet,
       a_value, a_sentence, b_url, b_outlet, b_value, b_sentence, observed_at, created_at,
       created_at
FROM development;

CREATE TABLE digest_fact (               -- a digest made
    digest_id   VARCHAR NOT NULL,
    topic       VARCHAR NOT NULL,
    baseline    BOOLEAN NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE digest_item_fact (          -- a development gathered into a digest
    digest_id       VARCHAR NOT NULL,
    topic           VARCHAR NOT NULL,
    development_key VARCHAR NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL
);
CREATE TABLE digest_message_fact (       -- the message as first composed
    digest_id   VARCHAR NOT NULL,
    subject     VARCHAR,
    message_id  VARCHAR,
    message     BLOB NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE digest_attempt_fact (       -- a send attempt: sent, or failed with an error
    digest_id    VARCHAR NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    sent         BOOLEAN NOT NULL,
    error        VARCHAR,
    recorded_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO digest_fact SELECT digest_id, topic, baseline, created_at, created_at FROM digest;
INSERT INTO digest_item_fact
SELECT d.digest_id, d.topic, d.development_key, coalesce(g.created_at, d.created_at)
FROM development d LEFT JOIN digest g USING (digest_id)
WHERE d.digest_id IS NOT NULL;
INSERT INTO digest_message_fact
SELECT digest_id, subject, message_id, message, coalesce(last_attempt_at, created_at)
FROM digest WHERE message IS NOT NULL;
-- Failed attempts before the last one keep the last error; the last one is the send, if any.
INSERT INTO digest_attempt_fact
SELECT d.digest_id, coalesce(d.last_attempt_at, d.created_at),
       d.sent_at IS NOT NULL AND i = d.attempts - 1,
       CASE WHEN d.sent_at IS NOT NULL AND i = d.attempts - 1 THEN NULL
            ELSE coalesce(d.last_error, 'failed') END,
       coalesce(d.last_attempt_at, d.created_at)
FROM digest d, range(d.attempts) t(i);

-- -- the old tables go; views of the same names take their place -----------------------------
DROP TABLE run;
DROP TABLE feed_poll;
DROP TABLE feed;
DROP TABLE feed_entry;
DROP TABLE article_check;
DROP TABLE article;
DROP TABLE article_alias;
DROP TABLE story_band;
DROP TABLE article_version;
DROP TABLE fetch_error;
DROP TABLE extraction;
DROP TABLE claim;
DROP TABLE entity;
DROP TABLE flag;
DROP TABLE development;
DROP TABLE digest;

CREATE VIEW run AS
WITH e AS (SELECT * FROM run_event_fact WHERE recorded_at <= as_of_time()),
started AS (
    SELECT run_id, arg_min(topic, recorded_at) AS topic, min(event_at) AS started_at
    FROM e WHERE event = 'started' GROUP BY run_id
),
finished AS (
    SELECT run_id, arg_min(event_at, recorded_at) AS finished_at,
           arg_min(status, recorded_at) AS status, arg_min(counts, recorded_at) AS counts,
           arg_min(errors, recorded_at) AS errors, arg_min(message, recorded_at) AS message
    FROM e WHERE event = 'finished' GROUP BY run_id
),
crashed AS (
    SELECT run_id, arg_min(message, recorded_at) AS message
    FROM e WHERE event = 'crashed' GROUP BY run_id
)
SELECT s.run_id, s.topic, s.started_at, f.finished_at,
       CASE WHEN f.run_id IS NOT NULL THEN f.status
            WHEN c.run_id IS NOT NULL THEN 'crashed'
            ELSE 'running' END AS status,
       f.counts, f.errors, coalesce(f.message, c.message) AS message
FROM started s
LEFT JOIN finished f USING (run_id)
LEFT JOIN crashed c USING (run_id);

CREATE VIEW feed_poll AS
SELECT run_id, feed_url, polled_at, status, http_status, entries, error, topic, recorded_at
FROM feed_poll_fact
WHERE recorded_at <= as_of_time();

-- A feed's state: its latest poll; validators are the latest given since the last reset, and
-- a failed poll keeps those of the last good one.
CREATE VIEW feed AS
WITH p AS (SELECT * FROM feed_poll_fact WHERE recorded_at <= as_of_time()),
resets AS (
    SELECT feed_url, max(recorded_at) AS reset_at
    FROM feed_reset_fact WHERE recorded_at <= as_of_time() GROUP BY feed_url
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
       arg_max(p.topic, (p.recorded_at, p.polled_at)) AS topic
FROM p LEFT JOIN resets r USING (feed_url)
GROUP BY p.feed_url;

CREATE VIEW feed_entry AS
SELECT feed_url, entry_key,
       arg_max(fingerprint, (recorded_at, seen_at)) AS fingerprint,
       arg_max(article_id, (recorded_at, seen_at)) AS article_id,
       max(seen_at) AS seen_at,
       arg_max(topic, (recorded_at, seen_at)) AS topic
FROM feed_entry_fact
WHERE recorded_at <= as_of_time()
GROUP BY feed_url, entry_key;

CREATE VIEW article_check AS
SELECT run_id, article_id, checked_at, content_hash, outcome, error, topic, recorded_at
FROM article_check_fact
WHERE recorded_at <= as_of_time();

-- An article: as first seen, with the latest title, update time and on-topic verdict any
-- check gave, the first publication time any gave, and the article it was folded into.
CREATE VIEW article AS
WITH first AS (
    SELECT * FROM article_fact
    WHERE recorded_at <= as_of_time()
    QUALIFY row_number() OVER (PARTITION BY article_id
                               ORDER BY first_seen_at, recorded_at, url) = 1
),
checks AS (
    SELECT article_id,
           arg_max(title, (recorded_at, checked_at)) AS title,
           arg_max(updated_at, (recorded_at, checked_at)) AS updated_at,
           arg_min(published_at, (recorded_at, checked_at)) AS published_at,
           arg_max(on_topic, (recorded_at, checked_at)) AS on_topic
    FROM article_check_fact
    WHERE recorded_at <= as_of_time() AND title IS NOT NULL
    GROUP BY article_id
),
folds AS (
    SELECT article_id, arg_min(duplicate_of, recorded_at) AS duplicate_of
    FROM article_fold_fact WHERE recorded_at <= as_of_time() GROUP BY article_id
)
SELECT f.article_id, f.url, f.outlet, f.feed_url, f.guid, coalesce(c.title, f.title) AS title,
       coalesce(f.published_at, c.published_at) AS published_at,
       coalesce(c.updated_at, f.updated_at) AS updated_at, f.first_seen_at,
       coalesce(c.on_topic, f.on_topic) AS on_topic, f.source, f.story_id, f.signature,
       d.duplicate_of, f.topic, f.recorded_at
FROM first f
LEFT JOIN checks c USING (article_id)
LEFT JOIN folds d USING (article_id);

CREATE VIEW article_alias AS
SELECT alias, arg_min(article_id, (recorded_at, article_id)) AS article_id,
       min(recorded_at) AS recorded_at
FROM article_alias_fact
WHERE recorded_at <= as_of_time()
GROUP BY alias;

CREATE VIEW story_band AS
SELECT DISTINCT band_key, article_id FROM story_band_fact WHERE recorded_at <= as_of_time();

CREATE VIEW article_version AS
SELECT article_id, version, fetched_at, content_hash, title, text, source, note, recorded_at
FROM article_version_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY article_id, version ORDER BY recorded_at, content_hash) = 1;

CREATE VIEW fetch_error AS
SELECT run_id, url, feed_url, failed_at, error, topic, recorded_at
FROM fetch_error_fact WHERE recorded_at <= as_of_time();

CREATE VIEW extraction AS
SELECT extraction_id, article_id, version, extractor_version, extracted_at, topic, recorded_at
FROM extraction_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY extraction_id ORDER BY recorded_at) = 1;

CREATE VIEW claim AS
SELECT * EXCLUDE (recorded_at) FROM claim_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY recorded_at) = 1;

CREATE VIEW entity AS
SELECT DISTINCT extraction_id, article_id, version, text, label, canonical, start_char, end_char
FROM entity_fact WHERE recorded_at <= as_of_time();

CREATE VIEW flag AS
SELECT contradiction_id, kind, basis, measure, a_claim_id, b_claim_id, pair_key, detected_at,
       topic
FROM flag_fact
WHERE recorded_at <= as_of_time()
QUALIFY row_number() OVER (PARTITION BY contradiction_id ORDER BY detected_at, recorded_at) = 1;

CREATE VIEW digest AS
WITH d AS (
    SELECT * FROM digest_fact WHERE recorded_at <= as_of_time()
    QUALIFY row_number() OVER (PARTITION BY digest_id ORDER BY recorded_at) = 1
),
m AS (
    SELECT * FROM digest_message_fact WHERE recorded_at <= as_of_time()
    QUALIFY row_number() OVER (PARTITION BY digest_id ORDER BY recorded_at) = 1
),
sends AS (
    SELECT digest_id, min(attempted_at) AS sent_at
    FROM digest_attempt_fact WHERE recorded_at <= as_of_time() AND sent GROUP BY digest_id
),
tries AS (  -- attempts up to and including the one the server accepted
    SELECT t.digest_id, count(*) AS attempts, max(t.attempted_at) AS last_attempt_at,
           arg_max(t.error, (t.attempted_at, t.recorded_at)) AS last_error
    FROM digest_attempt_fact t LEFT JOIN sends s USING (digest_id)
    WHERE t.recorded_at <= as_of_time() AND (s.sent_at IS NULL OR t.attempted_at <= s.sent_at)
    GROUP BY t.digest_id
)
SELECT d.digest_id, d.topic, d.baseline, d.created_at, m.subject, m.message_id, m.message,
       coalesce(t.attempts, 0) AS attempts, t.last_attempt_at, t.last_error, s.sent_at
FROM d
LEFT JOIN m USING (digest_id)
LEFT JOIN tries t USING (digest_id)
LEFT JOIN sends s USING (digest_id);

CREATE VIEW development AS
WITH v AS (
    SELECT * FROM development_fact WHERE recorded_at <= as_of_time()
    QUALIFY row_number() OVER (PARTITION BY topic, development_key ORDER BY recorded_at) = 1
),
items AS (
    SELECT topic, development_key, arg_min(digest_id, recorded_at) AS digest_id
    FROM digest_item_fact WHERE recorded_at <= as_of_time()
    GROUP BY topic, development_key
)
SELECT v.* EXCLUDE (recorded_at), i.digest_id
FROM v LEFT JOIN items i USING (topic, development_key);

-- -- public views: the same names and columns, and a topic column ----------------------------
CREATE OR REPLACE VIEW articles AS
SELECT a.article_id, a.url, a.outlet, a.title, a.published_at, a.first_seen_at, a.on_topic,
       a.updated_at, a.feed_url, a.guid, a.source, a.story_id,
       (SELECT max(v.version) FROM article_version v WHERE v.article_id = a.article_id) AS versions,
       (SELECT count(*) FROM article s
        WHERE s.story_id = a.story_id AND s.duplicate_of IS NULL) > 1 AS syndicated,
       a.topic
FROM article a
WHERE a.duplicate_of IS NULL;

CREATE OR REPLACE VIEW article_versions AS
SELECT v.article_id, a.url, v.version, v.fetched_at, v.content_hash, v.title, v.text,
       a.outlet, v.source, v.note, a.topic
FROM article_version v JOIN article a USING (article_id);

CREATE OR REPLACE VIEW stories AS
SELECT a.story_id, count(*) AS copies, list(a.outlet ORDER BY a.first_seen_at) AS outlets,
       list(a.url ORDER BY a.first_seen_at) AS urls, min(a.first_seen_at) AS first_seen_at,
       arg_min(a.title, a.first_seen_at) AS title, a.topic
FROM article a
WHERE a.duplicate_of IS NULL
GROUP BY a.topic, a.story_id;

CREATE OR REPLACE VIEW feed_health AS
SELECT feed_url, outlet, kind, last_polled_at, last_status, consecutive_failures, last_error,
       next_poll_at, last_success_at, last_http_status, topic
FROM feed;

CREATE OR REPLACE VIEW runs AS
SELECT run_id, topic, started_at, finished_at, status, counts, errors, message FROM run;

CREATE OR REPLACE VIEW current_extraction AS
SELECT extraction_id, article_id, version, extractor_version, extracted_at, topic
FROM extraction
QUALIFY row_number() OVER (PARTITION BY article_id, version ORDER BY extracted_at DESC, extraction_id) = 1;

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, a.url, a.outlet, c.version, c.measure, c.subject, c.value,
       c.low, c.high, c.qualifier, c.kind, c.modality, c.attribution, c.sentence,
       a.published_at, c.negated, c.quantity, c.noun, c.value_text, c.start_char, c.end_char,
       v.fetched_at AS observed_at, a.story_id, e.extractor_version,
       coalesce(e.topic, a.topic) AS topic
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id
JOIN article_version v ON v.article_id = c.article_id AND v.version = c.version;

CREATE OR REPLACE VIEW entities AS
SELECT n.article_id, a.url, n.version, n.text, n.label, n.canonical, n.start_char, n.end_char,
       e.extractor_version, coalesce(e.topic, a.topic) AS topic
FROM entity n
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = n.article_id;

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
    WHERE d.kind = 'delta' AND d.modality = 'proposed'
      AND t.kind = 'level' AND t.modality = 'proposed'
    QUALIFY row_number() OVER (
        PARTITION BY d.claim_id
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
    SELECT DISTINCT b.article_id, b.measure, b.kind, b.modality, b.value,
           coalesce(b.low, -1e308) AS low, coalesce(b.high, 1e308) AS high
    FROM both_kinds b JOIN latest l ON l.article_id = b.article_id
                                   AND b.version = l.latest_version
)
SELECT b.*, b.version = l.latest_version AS latest, n.article_id IS NOT NULL AS still_stated
FROM both_kinds b
JOIN latest l USING (article_id)
LEFT JOIN latest_numbers n
       ON n.article_id = b.article_id AND n.measure = b.measure AND n.kind = b.kind
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
       f.pair_key, coalesce(f.topic, b.topic) AS topic
FROM flag f
JOIN flag_claims a ON a.claim_id = f.a_claim_id
JOIN flag_claims b ON b.claim_id = f.b_claim_id;

CREATE OR REPLACE VIEW claim_drift AS
SELECT measure, outlet, url, version, observed_at, value, low, high, qualifier,
       kind, modality, article_id, story_id, claim_id, sentence, published_at,
       lag(value) OVER w AS previous_value,
       coalesce(value <> lag(value) OVER w, false) AS changed, topic
FROM comparable_claims
WINDOW w AS (PARTITION BY topic, outlet, measure, kind, modality
             ORDER BY observed_at, version, claim_id);

CREATE OR REPLACE VIEW alerts AS
SELECT d.digest_id AS alert_id,
       CASE WHEN d.baseline THEN 'baseline' ELSE 'digest' END AS kind,
       d.subject, d.created_at, d.sent_at, d.attempts, d.last_error, d.topic, d.message_id,
       d.last_attempt_at,
       (SELECT count(*) FROM development v WHERE v.digest_id = d.digest_id) AS developments
FROM digest d;

CREATE OR REPLACE VIEW developments AS
SELECT v.topic, v.development_key, v.kind, v.title, v.url, v.outlet, v.measure, v.detail,
       v.a_url, v.a_outlet, v.a_value, v.a_sentence, v.b_url, v.b_outlet, v.b_value,
       v.b_sentence, v.observed_at, v.created_at, v.digest_id, d.sent_at
FROM development v LEFT JOIN digest d USING (digest_id);
