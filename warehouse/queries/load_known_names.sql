-- Which article each of these names (canonical URLs, feed links, guids) already belongs to Keys ($1): a JSON-lines file of {"k": ...}.
-- (the first article to claim a name keeps it), with the article's story and first sight.
-- Per-feed guid names recorded before aliases were scoped by feed are in feed_guid_alias_fact.
WITH names AS (
    SELECT alias, arg_min(article_id, (recorded_at, article_id)) AS article_id
    FROM (SELECT alias, article_id, recorded_at FROM article_alias_fact
          UNION ALL
          SELECT alias, article_id, recorded_at FROM feed_guid_alias_fact)
    WHERE alias IN (SELECT k FROM read_json($1, format = 'newline_delimited', columns = {'k': 'VARCHAR'}))
    GROUP BY alias
)
SELECT n.alias, n.article_id, arg_min(f.story_id, (f.first_seen_at, f.recorded_at, f.url)),
       min(f.first_seen_at)
FROM names n JOIN article_fact f USING (article_id)
GROUP BY n.alias, n.article_id
