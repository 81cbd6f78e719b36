-- An import's staging rows without the write-ahead log. Every row of a file is staged once (its
-- cells, household and ID number) and every good household once more with its registry rows, so
-- staging wrote as much WAL as the registry tables themselves; the rows live only until the
-- import ends. An unlogged table is emptied when PostgreSQL recovers from a crash (and is not
-- copied to a replica): the import job notices that its staging is gone (the marker row in
-- registry_import_staging is gone with it) and reads the file again from the start. A clean
-- restart keeps unlogged tables, so a job resumes from its checkpoint as before.
--
-- What outlives the import is logged: the record, its findings, and the cells of the rows that
-- have findings (registry_import_report_rows, for the error report). The last step copies those
-- cells and deletes the import's staging rows.

CREATE TABLE registry_import_report_rows (
  import_id   bigint NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
  row_no      integer NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  cells       text[] NOT NULL,
  PRIMARY KEY (import_id, row_no)
);

-- One row per import while its staging rows exist.
CREATE UNLOGGED TABLE registry_import_staging (
  import_id   bigint PRIMARY KEY REFERENCES registry_imports (id) ON DELETE CASCADE,
  region_code text COLLATE "C" NOT NULL
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['registry_import_report_rows', 'registry_import_staging'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fupin_app', t);
  END LOOP;
END $$;

-- Imports that ended before this migration: the cells of their rows with findings are kept, the
-- rest of their staging goes (imports still running are left as they are, without a marker, so
-- their jobs start reading again).
INSERT INTO registry_import_report_rows (import_id, row_no, region_code, cells)
SELECT r.import_id, r.row_no, r.region_code, r.cells
  FROM registry_import_rows r
 WHERE EXISTS (SELECT 1 FROM registry_import_issues i WHERE i.import_id = r.import_id AND i.row_no = r.row_no);
DELETE FROM registry_import_rows r
 USING registry_imports i WHERE i.id = r.import_id AND i.status IN ('completed', 'rejected');
DELETE FROM registry_import_households s
 USING registry_imports i WHERE i.id = s.import_id AND i.status IN ('completed', 'rejected');

ALTER TABLE registry_import_rows SET UNLOGGED;
ALTER TABLE registry_import_households SET UNLOGGED;
