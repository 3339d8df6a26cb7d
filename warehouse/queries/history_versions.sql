-- Every version of one article ($article_id) as topic $topic sees it, oldest first, with its
-- change classes.
SELECT version, fetched_at, content_hash, title, text, change_classes, change_class
FROM article_versions
WHERE article_id = $article_id AND topic IS NOT DISTINCT FROM $topic
ORDER BY version
