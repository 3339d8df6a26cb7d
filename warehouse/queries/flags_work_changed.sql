-- Where a number changes between versions of one article, from the flag_work snapshot: for
-- each article, measure, kind and modality, the set of values of each version that has such
-- claims, next to the set of the previous such version, where the two differ. Drift flags
-- pair the values that went with those that came (flags_detect_drift); the later version is
-- classed `numbers` (version_class_numbers). No parameters.
CREATE OR REPLACE TEMP TABLE flag_changed AS
WITH moving AS (  -- most groups never change a value: leave them out at once
    SELECT article_id, measure, kind, modality
    FROM flag_work
    GROUP BY ALL
    HAVING min(value) <> max(value) AND min(version) <> max(version)
),
sets AS (
    SELECT f.article_id, f.measure, f.kind, f.modality, f.version, list(DISTINCT f.value) AS vals
    FROM flag_work f
    SEMI JOIN moving m
      ON m.article_id = f.article_id AND m.measure = f.measure AND m.kind = f.kind
     AND m.modality = f.modality
    GROUP BY ALL
),
steps AS (
    SELECT *, lag(version) OVER w AS prev_version, lag(vals) OVER w AS prev_vals
    FROM sets
    WINDOW w AS (PARTITION BY article_id, measure, kind, modality ORDER BY version)
)
SELECT * FROM steps
WHERE prev_version IS NOT NULL
  AND NOT (list_has_all(vals, prev_vals) AND list_has_all(prev_vals, vals))
