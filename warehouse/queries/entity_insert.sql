INSERT INTO entity (extraction_id, article_id, version, text, label, canonical, start_char, end_char)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
