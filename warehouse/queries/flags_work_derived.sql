-- The derived levels of the current extraction, once per detection (see derived_levels).
-- Parameter: the topic (NULL: every topic).
CREATE OR REPLACE TEMP TABLE flag_work_derived AS
SELECT derived_id, article_id, coalesce(story_id, article_id) AS story_id, outlet, version,
       observed_at, measure, value, low, high, subject, as_of_start, as_of_end
FROM derived_levels
WHERE $1::VARCHAR IS NULL OR topic IS NOT DISTINCT FROM $1
