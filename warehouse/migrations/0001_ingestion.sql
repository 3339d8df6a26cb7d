-- Feeds, articles and their versions: what ingestion stores.
-- Versions and checks are append-only; an article row holds only what is "latest" about it.

CREATE TABLE feed (
    feed_url             VARCHAR PRIMARY KEY,
    outlet               VARCHAR,
    kind                 VARCHAR,          -- feed | google_news
    etag                 VARCHAR,
    last_modified        VARCHAR,
    body_hash            VARCHAR,          -- fallback when servers send stale or no validators
    last_polled_at       TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    last_status          VARCHAR,          -- ok | not_modified | unchanged | failed
    last_http_status     INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           VARCHAR,
    next_poll_at         TIMESTAMPTZ
);

-- One row per poll of a feed: the history behind feed_health.
CREATE TABLE feed_poll (
    run_id      VARCHAR NOT NULL,
    feed_url    VARCHAR NOT NULL,
    polled_at   TIMESTAMPTZ NOT NULL,
    status      VARCHAR NOT NULL,
    http_status INTEGER,
    entries     INTEGER,
    error       VARCHAR
);

CREATE TABLE article (
    article_id    VARCHAR PRIMARY KEY,     -- stable hash of the canonical URL
    url           VARCHAR NOT NULL UNIQUE, -- canonical URL
    outlet        VARCHAR,
    feed_url      VARCHAR,
    guid          VARCHAR,
    title         VARCHAR,
    published_at  TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ,
    first_seen_at TIMESTAMPTZ NOT NULL,
    on_topic      BOOLEAN NOT NULL,
    source        VARCHAR,                 -- page | feed | discovery
    story_id      VARCHAR,                 -- syndication group: article_id of its first member
    signature     UBIGINT[],               -- MinHash of the text, for near-duplicate grouping
    duplicate_of  VARCHAR                  -- a discovery record later matched to the real article
);

-- What each feed last said about each entry: an entry whose fingerprint (title, summary,
-- dates) is unchanged is not fetched again.
CREATE TABLE feed_entry (
    feed_url    VARCHAR NOT NULL,
    entry_key   VARCHAR NOT NULL,          -- guid, else link
    fingerprint VARCHAR NOT NULL,
    article_id  VARCHAR,
    seen_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
);

-- Every other name an article goes by: feed links before canonicalization, guids, redirects.
CREATE TABLE article_alias (
    alias      VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL
);

-- LSH band keys of article signatures: candidates for syndicated copies.
CREATE TABLE story_band (
    band_key   VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL
);

CREATE TABLE article_version (
    article_id   VARCHAR NOT NULL,
    version      INTEGER NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL,
    content_hash VARCHAR NOT NULL,
    title        VARCHAR,
    text         VARCHAR,
    source       VARCHAR,
    note         VARCHAR,
    PRIMARY KEY (article_id, version)
);

-- Every time a poll looked at an article, whether or not it changed.
CREATE TABLE article_check (
    run_id       VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    checked_at   TIMESTAMPTZ NOT NULL,
    content_hash VARCHAR,
    outcome      VARCHAR NOT NULL,          -- new | changed | unchanged | failed
    error        VARCHAR
);

-- Page fetch failures that produced no article yet (nothing to hang a check on).
CREATE TABLE fetch_error (
    run_id     VARCHAR NOT NULL,
    url        VARCHAR NOT NULL,
    feed_url   VARCHAR,
    failed_at  TIMESTAMPTZ NOT NULL,
    error      VARCHAR NOT NULL
);

CREATE TABLE run (
    run_id      VARCHAR PRIMARY KEY,
    topic       VARCHAR NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL,           -- running | completed | failed
    counts      JSON,
    errors      INTEGER,
    message     VARCHAR
);

CREATE VIEW articles AS
SELECT a.article_id, a.url, a.outlet, a.title, a.published_at, a.first_seen_at, a.on_topic,
       a.updated_at, a.feed_url, a.guid, a.source, a.story_id,
       (SELECT max(v.version) FROM article_version v WHERE v.article_id = a.article_id) AS versions,
       (SELECT count(*) FROM article s
        WHERE s.story_id = a.story_id AND s.duplicate_of IS NULL) > 1 AS syndicated
FROM article a
WHERE a.duplicate_of IS NULL;

CREATE VIEW article_versions AS
SELECT v.article_id, a.url, v.version, v.fetched_at, v.content_hash, v.title, v.text,
       a.outlet, v.source, v.note
FROM article_version v JOIN article a USING (article_id);

CREATE VIEW stories AS
SELECT a.story_id, count(*) AS copies, list(a.outlet ORDER BY a.first_seen_at) AS outlets,
       list(a.url ORDER BY a.first_seen_at) AS urls, min(a.first_seen_at) AS first_seen_at,
       arg_min(a.title, a.first_seen_at) AS title
FROM article a
WHERE a.duplicate_of IS NULL
GROUP BY a.story_id;

CREATE VIEW feed_health AS
SELECT feed_url, outlet, kind, last_polled_at, last_status, consecutive_failures, last_error,
       next_poll_at, last_success_at, last_http_status
FROM feed;

CREATE VIEW runs AS
SELECT run_id, topic, started_at, finished_at, status, counts, errors, message FROM run;
