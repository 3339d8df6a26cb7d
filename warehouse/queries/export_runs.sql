-- The runs view as Parquet files partitioned by the UTC date of started_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', started_at) AS DATE) AS date FROM runs)
TO ? (FORMAT parquet, PARTITION_BY (date))
