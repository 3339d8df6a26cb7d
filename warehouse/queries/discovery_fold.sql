-- Discovery records (aggregator items) of the same outlet and headline become duplicates of the
-- fetched article; their rows and versions stay, the public views hide them.
UPDATE article SET duplicate_of = ?
WHERE source = 'discovery' AND duplicate_of IS NULL
  AND lower(outlet) = lower(?) AND lower(title) = lower(?) AND article_id <> ?
