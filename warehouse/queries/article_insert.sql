-- An article as first seen. The topic defaults to the run's.
INSERT INTO article_fact (article_id, url, outlet, feed_url, guid, title, published_at,
                          updated_at, first_seen_at, on_topic, source, story_id, signature,
                          topic, recorded_at)
SELECT $article_id, $url, $outlet, $feed_url, $guid, $title, $published_at, $updated_at,
       $first_seen_at, $on_topic, $source, $story_id, $signature,
       coalesce($topic, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $run_id)),
       now()
