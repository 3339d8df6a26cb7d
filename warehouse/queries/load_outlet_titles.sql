-- Articles (not folded into another) of these outlets with these headlines, matched without
-- case: a discovery item may be an article already fetched, and a fetched article may have been
-- named first by a discovery item. $1: a JSON-lines file of (outlet, title).
WITH wanted AS (
    SELECT DISTINCT outlet, title
    FROM read_json($1, format = 'newline_delimited',
                   columns = {'outlet': 'VARCHAR', 'title': 'VARCHAR'})
)
SELECT DISTINCT w.outlet, w.title, a.article_id, a.story_id, a.first_seen_at, a.source
FROM wanted w
JOIN article a ON lower(a.outlet) = lower(w.outlet) AND lower(a.title) = lower(w.title)
WHERE a.duplicate_of IS NULL
