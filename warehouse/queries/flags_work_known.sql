-- What is already flagged (in the topic $1): pair keys of flags whose claims are all in the current extraction.
-- (A flag on claims of an older extraction no longer shows; re-extracted claims that still
-- disagree are flagged again under their new ids.)
CREATE OR REPLACE TEMP TABLE flag_known AS
SELECT f.pair_key
FROM flag f
WHERE ($1::VARCHAR IS NULL OR f.topic IS NOT DISTINCT FROM $1)
  AND f.b_claim_id IN (SELECT claim_id FROM flag_work)
  AND (f.a_claim_id IN (SELECT claim_id FROM flag_work)
       OR f.a_claim_id IN (SELECT derived_id FROM flag_work_derived))
