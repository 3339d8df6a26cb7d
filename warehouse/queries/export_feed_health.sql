-- The feed_health view as Parquet files partitioned by the UTC date of last_polled_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', last_polled_at) AS DATE) AS date FROM feed_health)
TO ? (FORMAT parquet, PARTITION_BY (date))
