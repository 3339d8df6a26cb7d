-- Discovery records (aggregator items) of the same outlet and headline become duplicates of the
-- fetched article; their facts stay, the public views hide them.
-- Parameters: the fetched article's id, its outlet, its title.
INSERT INTO article_fold_fact (article_id, duplicate_of, recorded_at)
SELECT DISTINCT article_id, $1, now()
FROM article
WHERE source = 'discovery' AND duplicate_of IS NULL
  AND lower(outlet) = lower($2) AND lower(title) = lower($3) AND article_id <> $1
