DROP TABLE IF EXISTS dispute_work;
