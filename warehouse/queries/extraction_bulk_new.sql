-- Ids of the extractions in a JSON-lines file ($1) not stored before (those the next
-- extraction_bulk_insert adds; asked first because DuckLake has no INSERT ... RETURNING).
SELECT n.extraction_id
FROM read_json($1, format = 'newline_delimited',
               columns = {'extraction_id': 'VARCHAR', 'article_id': 'VARCHAR', 'version': 'INTEGER'}) n
WHERE NOT EXISTS (SELECT 1 FROM extraction_fact e WHERE e.extraction_id = n.extraction_id)
