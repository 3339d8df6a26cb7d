-- Revisits (issue 14): known articles are fetched again whatever their feed says. A page that
-- answers 404 or 410 on a revisit is *withdrawn*: an article_check_fact with outcome
-- 'withdrawn' (an event with its time; nothing is deleted). A later check that read the page
-- (new | changed, or unchanged with a title: a page read, or a revisit answered 304 or with
-- the same text) reinstates it; failed checks (timeouts, 5xx) decide nothing, and neither does
-- a feed entry seen unchanged (an 'unchanged' check without a title: the page was not asked).

-- Every revisit of an article's page: what was asked, what came back. The page's validators
-- (ETag, Last-Modified) and the hash of its raw body are sent or compared on the next revisit;
-- content_hash is the hash of the text that reading gave (or kept), so validators are only
-- trusted while they describe the article's latest version.
--   outcome: not_modified (304) | unchanged (200, same text) | changed (a new version)
--            | withdrawn (404/410) | failed (any other error) | blocked (robots.txt disallows)
--            | skipped (the host's robots.txt could not be read: 5xx, timeout)
CREATE TABLE revisit_fact (
    run_id        VARCHAR NOT NULL,
    topic         VARCHAR,
    article_id    VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    revisited_at  TIMESTAMPTZ NOT NULL,
    outcome       VARCHAR NOT NULL,
    http_status   INTEGER,
    etag          VARCHAR,
    last_modified VARCHAR,
    body_hash     VARCHAR,
    content_hash  VARCHAR,
    bytes         BIGINT,                 -- body bytes received (0 on a 304)
    error         VARCHAR,
    recorded_at   TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE VIEW revisits AS
SELECT run_id, article_id, url, revisited_at, outcome, http_status, etag, last_modified,
       body_hash, content_hash, bytes, error, topic, recorded_at
FROM revisit_fact
WHERE recorded_at <= as_of_time();

-- Articles whose latest deciding check says the page is gone, with the time of the first
-- check of that withdrawn streak; one row for each topic the article belongs to.
CREATE OR REPLACE VIEW withdrawals AS
WITH deciding AS (
    SELECT article_id, outcome, checked_at, recorded_at,
           max(CASE WHEN outcome <> 'withdrawn' THEN checked_at END)
               OVER (PARTITION BY article_id) AS last_present_at
    FROM article_check_fact
    WHERE recorded_at <= as_of_time() AND outcome <> 'failed'
      AND (outcome <> 'unchanged' OR title IS NOT NULL)
),
gone AS (
    SELECT article_id, min(checked_at) AS withdrawn_at, max(checked_at) AS last_checked_at
    FROM deciding
    WHERE outcome = 'withdrawn' AND (last_present_at IS NULL OR checked_at > last_present_at)
    GROUP BY article_id
)
SELECT g.article_id, g.withdrawn_at, g.last_checked_at, a.topic
FROM gone g
LEFT JOIN (SELECT DISTINCT article_id, topic FROM article) a USING (article_id);

-- Runs with the revisits they made and what those found (also in the counts JSON).
CREATE OR REPLACE VIEW runs AS
SELECT run_id, topic, started_at, finished_at, status, counts, errors, message,
       coalesce(TRY_CAST(json_extract(counts, '$.revisits') AS BIGINT), 0) AS revisits,
       coalesce(TRY_CAST(json_extract(counts, '$.revisits_changed') AS BIGINT), 0)
           AS revisits_changed,
       coalesce(TRY_CAST(json_extract(counts, '$.revisits_withdrawn') AS BIGINT), 0)
           AS revisits_withdrawn
FROM run;

-- Claims of a withdrawn article leave current comparisons: flag_claims (the base of the
-- contradictions view and of flag detection) no longer holds them.
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
      AND n.low = coalesce(b.low, -1e308) AND n.high = coalesce(b.high, 1e308)
WHERE b.article_id NOT IN (SELECT article_id FROM withdrawals);
