-- Contradiction and drift flags, the derived levels they may rest on, and their public views.
--
-- A flag names two claims (or a derived level and a claim). Flags are append-only: detection
-- inserts only pairs not flagged yet, so a flag keeps the time it was first detected.
-- contradiction_id = md5(kind / sorted pair of claim ids): the same pair always has the same id.
-- pair_key says what the two claims assert (story, measure, kind, modality, value, interval),
-- not which version or copy they came from: a contradiction repeated unchanged in a later
-- version of either article, or by a syndicated copy, is the same contradiction and is not
-- flagged again.

CREATE TABLE flag (
    contradiction_id VARCHAR PRIMARY KEY,
    kind             VARCHAR NOT NULL,      -- cross_outlet | drift
    basis            VARCHAR NOT NULL,      -- stated (two stated claims) | derived (a_claim_id is a derived level)
    measure          VARCHAR NOT NULL,
    a_claim_id       VARCHAR NOT NULL,      -- drift: the earlier version; cross_outlet: the claim seen first
    b_claim_id       VARCHAR NOT NULL,
    pair_key         VARCHAR NOT NULL,
    detected_at      TIMESTAMPTZ NOT NULL
);

-- Claims that take part in comparisons: counts of a topic measure, not denied.
CREATE VIEW comparable_claims AS
SELECT c.*
FROM claims c
WHERE NOT c.negated AND c.quantity = 'count' AND c.measure <> 'other';

-- A delta and a level of one measure, both proposed, in one article version ("about 70
-- additional ... would bring the total to around 120") imply the level now: by interval
-- arithmetic [low_total - high_delta, high_total - low_delta] (NULL = unbounded), clamped at 0.
-- Each delta is paired with the nearest such level in its text.
CREATE VIEW derived_levels AS
WITH p AS (
    SELECT d.claim_id AS delta_claim_id, t.claim_id AS total_claim_id,
           d.article_id, d.url, d.outlet, d.story_id, d.version, d.observed_at, d.published_at,
           d.measure, d.subject,
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
       delta_claim_id, total_claim_id
FROM p
WHERE (high IS NULL OR high >= 0) AND (raw_low IS NULL OR high IS NULL OR raw_low <= high);

-- Every claim a flag may name: stated claims of the current extraction and derived levels.
-- still_stated: the latest version of its article still asserts the same number (same measure,
-- kind, modality, value and interval), whichever sentence or claim id says it now.
CREATE VIEW flag_claims AS
WITH latest AS (
    SELECT article_id, max(version) AS latest_version FROM article_version GROUP BY article_id
),
both_kinds AS (
    SELECT claim_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence,
           NULL::VARCHAR[] AS derived_from
    FROM claims
    UNION ALL
    SELECT derived_id, article_id, url, outlet, story_id, version, observed_at, published_at,
           measure, kind, modality, value, low, high, qualifier, sentence, derived_from
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

CREATE VIEW contradictions AS
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
       -- current: the number(s) at odds are still what the articles' latest versions say
       CASE WHEN f.kind = 'drift' THEN b.still_stated
            ELSE a.still_stated AND b.still_stated END AS current,
       f.pair_key
FROM flag f
JOIN flag_claims a ON a.claim_id = f.a_claim_id
JOIN flag_claims b ON b.claim_id = f.b_claim_id;

-- Each outlet's numbers for each measure over time, with the value that outlet gave before.
CREATE VIEW claim_drift AS
SELECT measure, outlet, url, version, observed_at, value, low, high, qualifier,
       kind, modality, article_id, story_id, claim_id, sentence, published_at,
       lag(value) OVER w AS previous_value,
       coalesce(value <> lag(value) OVER w, false) AS changed
FROM comparable_claims
WINDOW w AS (PARTITION BY outlet, measure, kind, modality ORDER BY observed_at, version, claim_id);
