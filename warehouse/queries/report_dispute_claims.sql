-- Each claim of each dispute's positions as a point of its card's chart: the position it sits
-- in, the figure and when its article was published. Stated claims (a claim rejected later
-- still shows where it stood) and derived levels.
WITH members AS (
    SELECT d.dispute_id, d.topic, p.position, unnest(p.claim_ids) AS claim_id
    FROM disputes d, unnest(d.positions) AS u(p)
    WHERE $topic::VARCHAR IS NULL OR d.topic = $topic
),
points AS (
    SELECT claim_id, topic, outlet, value, low, high, published_at, observed_at, url
    FROM claims
    UNION ALL
    SELECT derived_id, topic, outlet, value, low, high, published_at, observed_at, url
    FROM derived_levels
)
SELECT m.dispute_id, m.position, c.outlet, c.value, c.low, c.high,
       coalesce(c.published_at, c.observed_at) AS published_at, c.url
FROM members m
JOIN (SELECT DISTINCT ON (claim_id, topic) * FROM points ORDER BY claim_id, topic) c
  ON c.claim_id = m.claim_id AND c.topic IS NOT DISTINCT FROM m.topic
ORDER BY m.dispute_id, m.position, published_at, c.claim_id
