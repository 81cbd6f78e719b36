-- Registry imports (Excel/CSV → 建档立卡): the uploaded file, the rows as read, the households
-- found in them with their outcome, and every problem by row and column. Every table carries the
-- importing user's region (the import's scope) and is guarded by row-level security on it, like
-- the registry tables. Households are written by the import job through the registry service, as
-- the application role, so the registry's own policies apply to them as well.

CREATE TABLE registry_imports (
  id              bigserial PRIMARY KEY,
  region_code     text COLLATE "C" NOT NULL,
  file_name       text NOT NULL,
  format          text NOT NULL CHECK (format IN ('xlsx', 'csv')),
  size_bytes      bigint NOT NULL,
  sha256          text NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('all', 'good')),
  status          text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'checking', 'applying', 'completed', 'rejected')),
  job_id          bigint REFERENCES jobs (id),
  created_by      bigint REFERENCES users (id),
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  rows_total      integer,
  rows_read       integer NOT NULL DEFAULT 0,
  households_ok   integer NOT NULL DEFAULT 0,
  households_bad  integer NOT NULL DEFAULT 0,
  households_unchanged integer NOT NULL DEFAULT 0,
  households_written integer NOT NULL DEFAULT 0,
  -- A problem with the whole file (wrong headers, no data rows, unreadable): {code, params}.
  file_error      jsonb
);
CREATE INDEX registry_imports_region ON registry_imports (region_code, id);

-- The uploaded file in 1 MiB pieces, so that neither storing nor reading it needs it whole in memory.
CREATE TABLE registry_import_chunks (
  import_id   bigint NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  data        bytea NOT NULL,
  PRIMARY KEY (import_id, seq)
);
-- Spreadsheets are zip files already: compressing them again only costs time.
ALTER TABLE registry_import_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Each data row as read (template columns in template order), for the error report and the
-- file-wide duplicate check.
CREATE TABLE registry_import_rows (
  import_id   bigint NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
  row_no      integer NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  group_key   text NOT NULL,
  id_number   text NOT NULL DEFAULT '',
  cells       text[] NOT NULL,
  PRIMARY KEY (import_id, row_no)
);
CREATE INDEX registry_import_rows_id ON registry_import_rows (import_id, id_number) WHERE id_number <> '';

-- The households found in the file: 'good' (to write), 'bad', 'unchanged' (already registered with
-- the same content), 'written'.
CREATE TABLE registry_import_households (
  import_id   bigint NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
  group_key   text NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  first_row   integer NOT NULL,
  last_row    integer NOT NULL,
  row_count   integer NOT NULL,
  outcome     text NOT NULL CHECK (outcome IN ('good', 'bad', 'unchanged', 'written')),
  household_key text,
  write       jsonb,
  PRIMARY KEY (import_id, group_key)
);
CREATE INDEX registry_import_households_outcome ON registry_import_households (import_id, outcome, first_row);

CREATE TABLE registry_import_issues (
  import_id   bigint NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
  id          bigserial,
  region_code text COLLATE "C" NOT NULL,
  row_no      integer,
  column_key  text,
  severity    text NOT NULL CHECK (severity IN ('error', 'warning')),
  code        text NOT NULL,
  message_zh  text NOT NULL,
  message_en  text NOT NULL,
  PRIMARY KEY (import_id, id)
);
CREATE INDEX registry_import_issues_row ON registry_import_issues (import_id, row_no, id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['registry_imports', 'registry_import_chunks', 'registry_import_rows',
                           'registry_import_households', 'registry_import_issues'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fupin_app', t);
  END LOOP;
END $$;
GRANT USAGE ON SEQUENCE registry_imports_id_seq, registry_import_issues_id_seq TO fupin_app;

-- The region of an import, read past row-level security: another region's import is answered
-- 403 rather than 404.
CREATE FUNCTION fupin_import_region(import bigint) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT region_code FROM registry_imports WHERE id = import
$$;
REVOKE ALL ON FUNCTION fupin_import_region(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_import_region(bigint) TO fupin_app;

-- Which household holds a household number in a county, read past row-level security: household
-- numbers are unique per county, and an importer scoped to one township must learn that a number
-- is taken in another township of the county (it learns nothing else about that household).
CREATE FUNCTION fupin_household_no_owner(county text, no text)
  RETURNS TABLE (household_id bigint, village_code text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT h.id, h.village_code FROM households h WHERE h.county_code = county AND h.household_no = no
$$;
REVOKE ALL ON FUNCTION fupin_household_no_owner(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_household_no_owner(text, text) TO fupin_app;
