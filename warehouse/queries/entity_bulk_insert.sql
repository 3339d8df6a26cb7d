-- Entities from a JSON-lines file written by Warehouse.store_extractions.
INSERT INTO entity_fact
SELECT extraction_id, article_id, version, text, label, canonical, start_char, end_char, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'extraction_id': 'VARCHAR', 'article_id': 'VARCHAR', 'version': 'INTEGER',
    'text': 'VARCHAR', 'label': 'VARCHAR', 'canonical': 'VARCHAR', 'start_char': 'INTEGER',
    'end_char': 'INTEGER'})
