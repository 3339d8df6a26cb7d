-- Views read the facts recorded up to this time (see as_of_time() in migration 0006).
SET VARIABLE claimwatch_as_of = ?::TIMESTAMPTZ
