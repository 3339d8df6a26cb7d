-- The demo's tour: every article, on-topic first.
SELECT outlet, title, on_topic, versions, syndicated
FROM articles
ORDER BY on_topic DESC, outlet, title
