DROP TABLE IF EXISTS flag_work;
DROP TABLE IF EXISTS flag_work_derived;
DROP TABLE IF EXISTS flag_known;
DROP TABLE IF EXISTS flag_changed;
