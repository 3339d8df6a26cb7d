-- Presentation (issues 14 and 15): a development carries what its digest line needs beyond
-- the flat a/b columns, as JSON: a dispute's positions as they stood after the change, the
-- sentences before and after a correction, a count's level now and before. The digest is
-- composed from the recorded development, so it says what was true when it was recorded.

ALTER TABLE development_fact ADD COLUMN payload VARCHAR;

CREATE OR REPLACE VIEW development AS
WITH v AS (
    SELECT * FROM development_fact WHERE recorded_at <= as_of_time()
    QUALIFY row_number() OVER (PARTITION BY topic, development_key ORDER BY recorded_at) = 1
),
items AS (
    SELECT topic, development_key, arg_min(digest_id, recorded_at) AS digest_id
    FROM digest_item_fact WHERE recorded_at <= as_of_time()
    GROUP BY topic, development_key
)
SELECT v.* EXCLUDE (recorded_at), i.digest_id
FROM v LEFT JOIN items i USING (topic, development_key);

CREATE OR REPLACE VIEW developments AS
SELECT v.topic, v.development_key, v.kind, v.title, v.url, v.outlet, v.measure, v.detail,
       v.a_url, v.a_outlet, v.a_value, v.a_sentence, v.b_url, v.b_outlet, v.b_value,
       v.b_sentence, v.observed_at, v.created_at, v.digest_id, d.sent_at, v.payload
FROM development v LEFT JOIN digest d USING (digest_id);
