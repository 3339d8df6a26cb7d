-- Open flags: contradictions between outlets and drifts that the latest versions still show,
-- and the open disputes (one per disagreement; the contradictions are their pairs).
SELECT count(*) FILTER (WHERE kind = 'cross_outlet') AS cross_outlet,
       count(*) FILTER (WHERE kind = 'drift') AS drift,
       (SELECT count(*) FROM disputes
        WHERE status = 'open' AND ($topic::VARCHAR IS NULL OR topic = $topic)) AS disputes
FROM contradictions
WHERE current AND ($topic::VARCHAR IS NULL OR topic = $topic)
