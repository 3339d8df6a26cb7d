-- Every name of one article in one statement; names already taken keep their article.
INSERT INTO article_alias (alias, article_id)
SELECT DISTINCT unnest(?::VARCHAR[]), ?
ON CONFLICT DO NOTHING
