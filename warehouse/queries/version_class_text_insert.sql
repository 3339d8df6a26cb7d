-- Text classes of new versions, from a JSON-lines file ($1) of {article_id, version,
-- content_hash, class}; the version id is derived as version_bulk_insert derives it. A class
-- already recorded for the version is not recorded again.
INSERT INTO version_class_fact (version_id, article_id, version, class, extractor_version,
                                topic, recorded_at)
SELECT DISTINCT substr(sha256(concat_ws('/', n.article_id, n.version, n.content_hash)), 1, 20),
       n.article_id, n.version, n.class, NULL, NULL, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'article_id': 'VARCHAR', 'version': 'INTEGER', 'content_hash': 'VARCHAR',
    'class': 'VARCHAR'}) n
WHERE NOT EXISTS (
    SELECT 1 FROM version_class_fact x
    WHERE x.version_id = substr(sha256(concat_ws('/', n.article_id, n.version, n.content_hash)), 1, 20)
      AND x.class = n.class AND x.extractor_version IS NULL
)
