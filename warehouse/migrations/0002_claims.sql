-- Entities and numeric claims derived from article versions.
-- An extraction is one run of one extractor version over one article version; reextract adds
-- a new extraction, and the views show each article version's newest extraction only.

CREATE TABLE extraction (
    extraction_id     VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    version           INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    extracted_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (article_id, version, extractor_version)
);

CREATE TABLE claim (
    claim_id       VARCHAR PRIMARY KEY,
    extraction_id  VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    version        INTEGER NOT NULL,
    measure        VARCHAR NOT NULL,
    subject        VARCHAR,
    value          DOUBLE NOT NULL,
    low            DOUBLE,
    high           DOUBLE,
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
    sentence_end   INTEGER
);

CREATE TABLE entity (
    extraction_id VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    canonical     VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL
);

CREATE VIEW current_extraction AS
SELECT extraction_id, article_id, version, extractor_version, extracted_at
FROM extraction
QUALIFY row_number() OVER (PARTITION BY article_id, version ORDER BY extracted_at DESC, extraction_id) = 1;

CREATE VIEW claims AS
SELECT c.claim_id, c.article_id, a.url, a.outlet, c.version, c.measure, c.subject, c.value,
       c.low, c.high, c.qualifier, c.kind, c.modality, c.attribution, c.sentence,
       a.published_at, c.negated, c.quantity, c.noun, c.value_text, c.start_char, c.end_char,
       v.fetched_at AS observed_at, a.story_id, e.extractor_version
FROM claim c
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = c.article_id
JOIN article_version v ON v.article_id = c.article_id AND v.version = c.version;

CREATE VIEW entities AS
SELECT n.article_id, a.url, n.version, n.text, n.label, n.canonical, n.start_char, n.end_char,
       e.extractor_version
FROM entity n
JOIN current_extraction e USING (extraction_id)
JOIN article a ON a.article_id = n.article_id;
