-- The latest version (number, content hash, source) of each of these articles; of two facts Keys ($1): a JSON-lines file of {"k": ...}.
-- for one version (two writers), the first recorded, as the article_version view shows.
SELECT article_id, version, content_hash, source
FROM article_version_fact
WHERE article_id IN (SELECT k FROM read_json($1, format = 'newline_delimited', columns = {'k': 'VARCHAR'}))
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC, recorded_at, content_hash) = 1
