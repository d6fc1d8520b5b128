-- The journalist's desk (issue 17) added columns at the end of three dataset CSVs: facts.csv
-- template_name, table_verification, trust, cell_id; checks.csv cell_ids (joins to facts.cell_id);
-- flags.csv table_index. The database keeps the same columns.
ALTER TABLE facts ADD COLUMN template_name text;
ALTER TABLE facts ADD COLUMN table_verification text;
ALTER TABLE facts ADD COLUMN trust text;
ALTER TABLE facts ADD COLUMN cell_id text;
ALTER TABLE checks ADD COLUMN cell_ids text;
-- a flag may name several tables of one template ("7 8"): text, space-separated as in the CSV
ALTER TABLE flags ADD COLUMN table_index text;
