SELECT count(*) FROM development WHERE topic = $topic AND digest_id IS NULL
