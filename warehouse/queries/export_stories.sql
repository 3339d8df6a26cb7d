-- The stories view as Parquet files partitioned by the UTC date of first_seen_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', first_seen_at) AS DATE) AS date FROM stories)
TO ? (FORMAT parquet, PARTITION_BY (date))
