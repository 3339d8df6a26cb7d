-- The title and text of given versions (the ones before new versions), as the article_version
-- view shows them: of two facts for one version (two writers), the first recorded.
-- Keys ($1): a JSON-lines file of {"article_id": ..., "version": ...}.
SELECT v.article_id, v.version, v.title, v.text
FROM article_version_fact v
SEMI JOIN read_json($1, format = 'newline_delimited',
                    columns = {'article_id': 'VARCHAR', 'version': 'INTEGER'}) k
       ON k.article_id = v.article_id AND k.version = v.version
QUALIFY row_number() OVER (PARTITION BY v.article_id, v.version
                           ORDER BY v.recorded_at, v.content_hash) = 1
