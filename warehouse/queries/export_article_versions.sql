-- The article_versions view as Parquet files partitioned by the UTC date of fetched_at; parameter: target directory.
COPY (SELECT *, CAST(timezone('UTC', fetched_at) AS DATE) AS date FROM article_versions)
TO ? (FORMAT parquet, PARTITION_BY (date))
