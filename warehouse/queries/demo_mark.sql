-- Marks the database as made by `claimwatch demo`: the demo replaces only a database so marked.
CREATE TABLE IF NOT EXISTS _claimwatch_demo (
    made_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    note    VARCHAR NOT NULL
);
INSERT INTO _claimwatch_demo (note)
VALUES ('made by claimwatch demo, which replaces this database when it runs again');
