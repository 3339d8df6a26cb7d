-- New names of articles, from a JSON-lines file ($1); a name already taken keeps its article.
INSERT INTO article_alias_fact (alias, article_id, recorded_at)
SELECT n.alias, n.article_id, now()
FROM read_json($1, format = 'newline_delimited',
               columns = {'alias': 'VARCHAR', 'article_id': 'VARCHAR'}) n
WHERE NOT EXISTS (SELECT 1 FROM article_alias_fact x WHERE x.alias = n.alias)
