-- The mutes view as Parquet files partitioned by the UTC date of muted_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', muted_at) AS DATE) AS date FROM mutes)
TO ? (FORMAT parquet, PARTITION_BY (date))
