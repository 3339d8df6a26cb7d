-- Whether `claimwatch demo` made this database (see demo_mark); one row, one boolean.
SELECT count(*) > 0
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name = '_claimwatch_demo'
