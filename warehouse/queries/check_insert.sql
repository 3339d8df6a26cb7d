-- A poll looked at an article: the outcome and what the article said then (the article view
-- takes its latest title, update time and on-topic verdict from these).
INSERT INTO article_check_fact (run_id, topic, article_id, checked_at, content_hash, outcome,
                                error, title, published_at, updated_at, on_topic, recorded_at)
SELECT $run_id,
       coalesce($topic, (SELECT any_value(topic) FROM run_event_fact WHERE run_id = $run_id)),
       $article_id, $checked_at, $content_hash, $outcome, NULL, $title, $published_at,
       $updated_at, $on_topic, now()
