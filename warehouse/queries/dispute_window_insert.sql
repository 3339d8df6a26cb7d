-- The topic's as_of window ($2) for topic $1, recorded when it differs from the latest one
-- (the contradictions view compares with it as detection did).
INSERT INTO compare_setting_fact (topic, as_of_window, recorded_at)
SELECT $1::VARCHAR, $2::INTERVAL, now()
WHERE $2::INTERVAL IS DISTINCT FROM (SELECT as_of_window FROM compare_settings
                                     WHERE topic IS NOT DISTINCT FROM $1::VARCHAR)
