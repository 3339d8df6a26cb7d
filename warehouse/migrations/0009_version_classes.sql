-- Issue 14: per-feed identity and change classes.
--
-- Identity. A guid names an entry within its feed only (flows/ingest.py, guid_alias): the
-- alias it gives an article is now 'guid:<feed URL>:<guid>'. Aliases a warehouse recorded
-- before ('guid:<guid>', 'guid:<host>:<guid>') named an article for every feed at once; they
-- stay facts but are no longer looked up. So that they keep resolving for the feed that
-- recorded them, each feed's own entry records (feed_entry_fact: this feed's entry with this
-- guid became that article) become per-feed names here, in a table of their own: the
-- article_alias view, and the names it held, are unchanged. Lookups read both tables.
CREATE TABLE feed_guid_alias_fact (
    alias       VARCHAR NOT NULL,   -- 'guid:<feed URL>:<guid>'
    article_id  VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
INSERT INTO feed_guid_alias_fact
SELECT 'guid:' || e.feed_url || ':' || e.entry_key, e.article_id, min(e.recorded_at)
FROM feed_entry_fact e
WHERE e.article_id IS NOT NULL
  -- only entries keyed by a guid: their article holds an old-style alias of that guid
  AND EXISTS (
      SELECT 1 FROM article_alias_fact x
      WHERE x.article_id = e.article_id
        AND (x.alias = 'guid:' || e.entry_key
             OR (starts_with(x.alias, 'guid:') AND ends_with(x.alias, ':' || e.entry_key)))
  )
GROUP BY ALL;

-- Change classes. Each version after the first is classed (extractors/changes.py): headline,
-- correction, update, rewrite from its text, written when the version is stored (topic and
-- extractor_version NULL); numbers after extraction, by the flag stage, when a claim's value
-- differs from the previous version's (the comparison drift flags make), for the topic whose
-- claims changed and the extraction that read them. The id of a class is its content
-- (version_id, class, topic, extractor_version): writers insert a class only once, and the
-- views de-duplicate. A version stored before this migration has no text classes.
CREATE TABLE version_class_fact (
    version_id        VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    version           INTEGER NOT NULL,
    class             VARCHAR NOT NULL,  -- headline | numbers | correction | update | rewrite
    extractor_version VARCHAR,           -- numbers: the extraction key of the claims compared
    topic             VARCHAR,           -- numbers: the topic; NULL: every topic
    recorded_at       TIMESTAMPTZ NOT NULL
);

-- The classes that hold now: text classes always; numbers only while the version's current
-- extraction is the one that found the change (a re-extraction reading the numbers otherwise
-- takes it back; one reading them alike records it again under its own key).
CREATE OR REPLACE VIEW version_class AS
SELECT DISTINCT k.version_id, k.article_id, k.version, k.class, k.topic
FROM version_class_fact k
WHERE k.recorded_at <= as_of_time()
  AND (k.extractor_version IS NULL
       OR k.extractor_version IN (
           SELECT e.extractor_version FROM current_extraction e
           WHERE e.article_id = k.article_id AND e.version = k.version
             AND (e.topic IS NULL OR k.topic IS NULL OR e.topic = k.topic)));

-- article_versions gains change_classes (every class, by precedence: correction > numbers >
-- rewrite > update > headline; [] for a change none describes, NULL for version 1) and
-- change_class (the first of them: the primary). Earlier columns keep their order.
CREATE OR REPLACE VIEW article_versions AS
SELECT v.article_id, a.url, v.version, v.fetched_at, v.content_hash, v.title, v.text,
       a.outlet, v.source, v.note, a.topic, v.version_id,
       CASE WHEN v.version > 1 THEN coalesce(k.classes, []::VARCHAR[]) END AS change_classes,
       CASE WHEN v.version > 1 THEN k.classes[1] END AS change_class
FROM article_version v
JOIN article a USING (article_id)
LEFT JOIN LATERAL (
    SELECT list(c.class ORDER BY array_position(
               ['correction', 'numbers', 'rewrite', 'update', 'headline'], c.class)) AS classes
    FROM (SELECT DISTINCT class FROM version_class
          WHERE version_id = v.version_id AND (topic IS NULL OR topic IS NOT DISTINCT FROM a.topic)) c
) k ON true;
