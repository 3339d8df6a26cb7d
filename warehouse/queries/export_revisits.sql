-- The revisits view as Parquet files partitioned by the UTC date of revisited_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', revisited_at) AS DATE) AS date FROM revisits)
TO ? (FORMAT parquet, PARTITION_BY (date))
