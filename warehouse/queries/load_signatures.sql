-- The story and MinHash signature of each of these articles (as first seen). Keys ($1): a JSON-lines file of {"k": ...}.
SELECT article_id, arg_min(story_id, (first_seen_at, recorded_at, url)),
       arg_min(signature, (first_seen_at, recorded_at, url))
FROM article_fact
WHERE article_id IN (SELECT k FROM read_json($1, format = 'newline_delimited', columns = {'k': 'VARCHAR'})) AND signature IS NOT NULL
GROUP BY article_id
