-- Open flags: contradictions between outlets and drifts that the latest versions still show.
SELECT count(*) FILTER (WHERE kind = 'cross_outlet') AS cross_outlet,
       count(*) FILTER (WHERE kind = 'drift') AS drift
FROM contradictions
WHERE current AND ($topic::VARCHAR IS NULL OR topic = $topic)
