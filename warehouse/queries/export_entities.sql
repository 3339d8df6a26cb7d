-- The entities view as Parquet files partitioned by the UTC date its article version was fetched; parameter: target directory.
COPY (
    SELECT n.*, CAST(timezone('UTC', v.fetched_at) AS DATE) AS date
    FROM entities n
    LEFT JOIN article_versions v ON v.article_id = n.article_id AND v.version = n.version
)
TO ? (FORMAT parquet, PARTITION_BY (date))
