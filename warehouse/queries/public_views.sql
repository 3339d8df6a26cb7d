-- Names of the views in the database (user-facing and internal alike); on a lake, of the lake
-- only (its connection also holds DuckDB's own catalogs).
SELECT view_name FROM duckdb_views()
WHERE NOT internal AND database_name = current_database()
ORDER BY view_name
