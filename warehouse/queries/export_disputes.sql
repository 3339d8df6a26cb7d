-- The disputes view as Parquet files partitioned by the UTC date of first_detected_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', first_detected_at) AS DATE) AS date FROM disputes)
TO ? (FORMAT parquet, PARTITION_BY (date))
