-- Latest facts about an article; its versions keep the history.
UPDATE article SET
    title = ?,
    updated_at = coalesce(?, updated_at),
    published_at = coalesce(published_at, ?),
    on_topic = ?
WHERE article_id = ?
