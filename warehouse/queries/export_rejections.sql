-- The rejections view as Parquet files partitioned by the UTC date of rejected_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', rejected_at) AS DATE) AS date FROM rejections)
TO ? (FORMAT parquet, PARTITION_BY (date))
