-- Claims from a JSON-lines file written by extractions.store_extractions ($1). A claim's id
-- derives from what it is: its version (id), offsets, measure and value, and the topic ($2)
-- whose extraction read it; re-extraction gives an unchanged claim the same id.
INSERT INTO claim_fact (claim_id, extraction_id, article_id, version, measure, subject, value,
                        low, high, qualifier, kind, modality, negated, quantity, noun,
                        attribution, value_text, sentence, start_char, end_char, sentence_start,
                        sentence_end, as_of_start, as_of_end, proposal, recorded_at)
SELECT substr(sha256(concat_ws('/', coalesce(v.version_id, c.article_id || '/' || c.version),
                               c.start_char, c.end_char, c.measure, c.value, $2)), 1, 20),
       c.extraction_id, c.article_id, c.version, c.measure, c.subject, c.value, c.low, c.high,
       c.qualifier, c.kind, c.modality, c.negated, c.quantity, c.noun, c.attribution,
       c.value_text, c.sentence, c.start_char, c.end_char, c.sentence_start, c.sentence_end,
       c.as_of_start, c.as_of_end, c.proposal, now()
FROM read_json($1, format = 'newline_delimited', columns = {
    'extraction_id': 'VARCHAR', 'article_id': 'VARCHAR',
    'version': 'INTEGER', 'measure': 'VARCHAR', 'subject': 'VARCHAR', 'value': 'DECIMAL(38, 6)',
    'low': 'DECIMAL(38, 6)', 'high': 'DECIMAL(38, 6)', 'qualifier': 'VARCHAR', 'kind': 'VARCHAR',
    'modality': 'VARCHAR', 'negated': 'BOOLEAN', 'quantity': 'VARCHAR', 'noun': 'VARCHAR',
    'attribution': 'VARCHAR', 'value_text': 'VARCHAR', 'sentence': 'VARCHAR',
    'start_char': 'INTEGER', 'end_char': 'INTEGER', 'sentence_start': 'INTEGER',
    'sentence_end': 'INTEGER', 'as_of_start': 'TIMESTAMPTZ', 'as_of_end': 'TIMESTAMPTZ',
    'proposal': 'VARCHAR'}) c
LEFT JOIN (SELECT article_id, version, version_id FROM article_version) v
       ON v.article_id = c.article_id AND v.version = c.version
