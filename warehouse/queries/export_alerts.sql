-- The alerts view as Parquet files partitioned by the UTC date of created_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', created_at) AS DATE) AS date FROM alerts)
TO ? (FORMAT parquet, PARTITION_BY (date))
