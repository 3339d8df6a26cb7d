INSERT INTO article_alias (alias, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING
