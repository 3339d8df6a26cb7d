-- The dispute_changes view as Parquet files partitioned by the UTC date of changed_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', changed_at) AS DATE) AS date FROM dispute_changes)
TO ? (FORMAT parquet, PARTITION_BY (date))
