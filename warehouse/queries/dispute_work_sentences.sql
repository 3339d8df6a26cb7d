-- The sentences of the claims $1 (a list of ids) of the dispute_work snapshot.
SELECT claim_id, sentence FROM dispute_work WHERE claim_id IN (SELECT unnest($1::VARCHAR[]))
