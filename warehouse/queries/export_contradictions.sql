-- The contradictions view as Parquet files partitioned by the UTC date of detected_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', detected_at) AS DATE) AS date FROM contradictions)
TO ? (FORMAT parquet, PARTITION_BY (date))
