-- The alert outbox. A development (a new story, a new claim value, a new flag, a revision that
-- changes a claim) is recorded once ever under a stable key; a digest gathers the developments
-- not yet digested and is marked sent only after the SMTP server accepted it. An unsent digest
-- keeps its message bytes, so a retry resends the same message with the same Message-ID.

CREATE TABLE development (
    topic           VARCHAR NOT NULL,
    development_key VARCHAR NOT NULL,  -- story:<story_id> | claim_value:<measure>:<kind>:<modality>:<value>
                                       -- | flag:<contradiction_id> | revision:<article_id>:<version>
    kind            VARCHAR NOT NULL,  -- story | claim_value | contradiction | drift | revision
    title           VARCHAR,           -- the article's title
    url             VARCHAR,
    outlet          VARCHAR,
    measure         VARCHAR,
    detail          VARCHAR,           -- e.g. "also reported by ...", "delta, proposed"
    a_url           VARCHAR,           -- flags: the two claims; revisions: before and after
    a_outlet        VARCHAR,
    a_value         VARCHAR,
    a_sentence      VARCHAR,
    b_url           VARCHAR,
    b_outlet        VARCHAR,
    b_value         VARCHAR,
    b_sentence      VARCHAR,
    observed_at     TIMESTAMPTZ,       -- when the warehouse first saw what it is about
    created_at      TIMESTAMPTZ NOT NULL,
    digest_id       VARCHAR,           -- NULL until gathered into a digest
    PRIMARY KEY (topic, development_key)
);

CREATE TABLE digest (
    digest_id       VARCHAR PRIMARY KEY,
    topic           VARCHAR NOT NULL,
    baseline        BOOLEAN NOT NULL,  -- the first digest of the topic
    created_at      TIMESTAMPTZ NOT NULL,
    subject         VARCHAR,           -- set with the message, when first composed
    message_id      VARCHAR,
    message         BLOB,              -- the message as first composed; retries resend it
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TIMESTAMPTZ,
    last_error      VARCHAR,
    sent_at         TIMESTAMPTZ        -- NULL until the SMTP server accepted the message
);

CREATE VIEW alerts AS
SELECT d.digest_id AS alert_id,
       CASE WHEN d.baseline THEN 'baseline' ELSE 'digest' END AS kind,
       d.subject, d.created_at, d.sent_at, d.attempts, d.last_error, d.topic, d.message_id,
       d.last_attempt_at,
       (SELECT count(*) FROM development v WHERE v.digest_id = d.digest_id) AS developments
FROM digest d;

CREATE VIEW developments AS
SELECT v.topic, v.development_key, v.kind, v.title, v.url, v.outlet, v.measure, v.detail,
       v.a_url, v.a_outlet, v.a_value, v.a_sentence, v.b_url, v.b_outlet, v.b_value,
       v.b_sentence, v.observed_at, v.created_at, v.digest_id, d.sent_at
FROM development v LEFT JOIN digest d USING (digest_id);
