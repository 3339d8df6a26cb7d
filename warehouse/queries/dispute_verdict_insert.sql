-- One word of the analyst (a mute, a rejection, an undo). Its id derives from what it says.
INSERT INTO verdict_fact (verdict_id, target, target_id, action, who, why, said_at, topic,
                          recorded_at)
SELECT substr(sha256(concat_ws('/', $1::VARCHAR, $2::VARCHAR, $3::VARCHAR, $4::VARCHAR,
                               $6::TIMESTAMPTZ, $7::VARCHAR)), 1, 20),
       $1, $2, $3, $4, $5, $6, $7, now()
