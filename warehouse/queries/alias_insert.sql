-- Every name of one article in one statement; names already taken keep their article.
INSERT INTO article_alias_fact (alias, article_id, recorded_at)
SELECT DISTINCT n.alias, $2, now()
FROM (SELECT unnest($1::VARCHAR[]) AS alias) n
WHERE NOT EXISTS (SELECT 1 FROM article_alias_fact x WHERE x.alias = n.alias)
