-- The withdrawals view as Parquet files partitioned by the UTC date of withdrawn_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', withdrawn_at) AS DATE) AS date FROM withdrawals)
TO ? (FORMAT parquet, PARTITION_BY (date))
