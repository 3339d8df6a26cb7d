-- A new version; its id derives from the article, its number and its content hash.
INSERT INTO article_version_fact (article_id, version, fetched_at, content_hash, title, text,
                                  source, note, recorded_at, version_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(),
        substr(sha256(concat_ws('/', $1, $2, $4)), 1, 20))
