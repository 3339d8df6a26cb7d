-- The derived_levels view as Parquet files partitioned by the UTC date of observed_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', observed_at) AS DATE) AS date FROM derived_levels)
TO ? (FORMAT parquet, PARTITION_BY (date))
