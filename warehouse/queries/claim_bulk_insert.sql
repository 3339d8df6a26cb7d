-- Claims from a JSON-lines file written by Warehouse.store_extractions.
INSERT INTO claim
SELECT claim_id, extraction_id, article_id, version, measure, subject, value, low, high,
       qualifier, kind, modality, negated, quantity, noun, attribution, value_text, sentence,
       start_char, end_char, sentence_start, sentence_end
FROM read_json(?, format = 'newline_delimited', columns = {
    'claim_id': 'VARCHAR', 'extraction_id': 'VARCHAR', 'article_id': 'VARCHAR',
    'version': 'INTEGER', 'measure': 'VARCHAR', 'subject': 'VARCHAR', 'value': 'DECIMAL(38, 6)',
    'low': 'DECIMAL(38, 6)', 'high': 'DECIMAL(38, 6)', 'qualifier': 'VARCHAR', 'kind': 'VARCHAR',
    'modality': 'VARCHAR', 'negated': 'BOOLEAN', 'quantity': 'VARCHAR', 'noun': 'VARCHAR',
    'attribution': 'VARCHAR', 'value_text': 'VARCHAR', 'sentence': 'VARCHAR',
    'start_char': 'INTEGER', 'end_char': 'INTEGER', 'sentence_start': 'INTEGER',
    'sentence_end': 'INTEGER'})
