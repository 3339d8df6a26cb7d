-- The claims view as Parquet files partitioned by the UTC date of observed_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', observed_at) AS DATE) AS date FROM claims)
TO ? (FORMAT parquet, PARTITION_BY (date))
