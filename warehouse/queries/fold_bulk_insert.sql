-- Discovery records found to be fetched articles' duplicates, from a JSON-lines file ($1).
INSERT INTO article_fold_fact (article_id, duplicate_of, recorded_at)
SELECT article_id, duplicate_of, now()
FROM read_json($1, format = 'newline_delimited',
               columns = {'article_id': 'VARCHAR', 'duplicate_of': 'VARCHAR'})
