-- One development computed outside SQL (a version's changed sentences, a count that moved),
-- recorded only when no development of its key exists.
INSERT INTO development_fact (topic, development_key, kind, title, url, outlet, measure, detail,
                         a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value,
                         b_sentence, observed_at, payload, created_at, recorded_at)
SELECT $topic, $key, $kind, $title, $url, $outlet, $measure, $detail,
       $a_url, $a_outlet, $a_value, $a_sentence, $b_url, $b_outlet, $b_value, $b_sentence,
       $observed_at, $payload, $now, now()
WHERE NOT EXISTS (
    SELECT 1 FROM development_fact d WHERE d.topic = $topic AND d.development_key = $key
)
