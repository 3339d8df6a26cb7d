-- What the dispute builder reads of each claim of the dispute_work snapshot (no sentences:
-- only the few claims in disputes need theirs, see dispute_work_sentences). Numbers as text and
-- times as epoch microseconds: Python builds Decimals and datetimes from those many times
-- faster than the driver converts DECIMAL and TIMESTAMPTZ values.
SELECT claim_id, outlet, story_id, url, measure, kind, modality, subject, value::VARCHAR,
       low::VARCHAR, high::VARCHAR, epoch_us(published_at), epoch_us(as_of_start),
       epoch_us(as_of_end), derived, article_id, proposal
FROM dispute_work
