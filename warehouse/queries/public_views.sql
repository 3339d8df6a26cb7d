-- Names of the views in the database (user-facing and internal alike).
SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name
