-- The version that resolved each dispute: the newest version (by fetch time) recorded after
-- the dispute's last snapshot was recorded, among the articles of its claims. $1: a list of
-- {dispute_id, article_ids, since}. Disputes resolved otherwise (a claim rejected, a page
-- withdrawn) get no row.
WITH asked AS (SELECT unnest($1, recursive := true))
SELECT q.dispute_id, arg_max(v.version_id, (v.fetched_at, v.version)) AS version_id
FROM asked q
JOIN article_version v ON list_contains(q.article_ids, v.article_id) AND v.recorded_at > q.since
GROUP BY q.dispute_id
