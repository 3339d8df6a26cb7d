-- The demo's tour: the versions of articles that changed.
SELECT outlet, version, strftime(fetched_at, '%Y-%m-%d %H:%M') AS fetched_at, title
FROM article_versions
WHERE url IN (SELECT url FROM articles WHERE versions > 1)
ORDER BY url, version
