-- Registering an import set-based. Until now the last step read each staged household back into
-- the server, built its rows and wrote them, 2,000 households at a time; under row-level security
-- the planner sorted every remaining staged household for each batch, so a province-sized file
-- took quadratic time. Now the staging step stores each good household's registry rows (built by
-- the same code as the form's registration) with its household id, and the last step writes every
-- registry table with one INSERT … SELECT from staging.

ALTER TABLE registry_import_households
  ADD COLUMN county_code   text COLLATE "C",
  ADD COLUMN village_code  text COLLATE "C",
  -- The number the file gives; a household without one is numbered when it is registered.
  ADD COLUMN household_no  text,
  -- Taken from households_id_seq when the household is staged as good (a household refused later
  -- leaves a gap in the sequence, as a rolled-back registration does).
  ADD COLUMN household_id  bigint,
  -- {household: {column: value}, members: [{column: value, person_id: bool}], income: {…}?}
  ADD COLUMN registry_rows jsonb;

-- The ID numbers of an import's good households that the registry holds now (registered by
-- someone else since the file was checked), read past row-level security on person_ids: the
-- importer learns which of its own file's numbers are taken, as fupin_id_owner tells it one by one.
-- (Rows of households refused already may be among them; the caller keeps the good ones.)
CREATE FUNCTION fupin_import_registered_ids(import bigint)
  RETURNS TABLE (group_key text, row_no integer, id_number text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT r.group_key, r.row_no, r.id_number
    FROM registry_import_rows r
   WHERE r.import_id = import AND r.id_number <> '' AND fupin_in_scope(r.region_code)
     AND EXISTS (SELECT 1 FROM person_ids p WHERE p.id_number = r.id_number)
$$;
REVOKE ALL ON FUNCTION fupin_import_registered_ids(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_import_registered_ids(bigint) TO fupin_app;

-- The household numbers of an import's good households that a registered household of the county
-- holds now (as fupin_household_no_owner, for the whole import at once).
CREATE FUNCTION fupin_import_taken_numbers(import bigint)
  RETURNS TABLE (group_key text, first_row integer, household_no text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s.group_key, s.first_row, s.household_no
    FROM registry_import_households s
    JOIN households h ON h.county_code = s.county_code AND h.household_no = s.household_no
   WHERE s.import_id = import AND s.outcome = 'good' AND s.household_no IS NOT NULL AND fupin_in_scope(s.region_code)
$$;
REVOKE ALL ON FUNCTION fupin_import_taken_numbers(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_import_taken_numbers(bigint) TO fupin_app;

-- The highest sequence number of the form village code + digits among the villages' households,
-- read past row-level security (an importer scoped to a township numbers its households after
-- every household of the village).
CREATE FUNCTION fupin_village_number_high(villages text[])
  RETURNS TABLE (village_code text, high integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT v.code, coalesce(max(substr(h.household_no, 13)::integer), 0)
    FROM unnest(villages) AS v(code)
    LEFT JOIN households h ON h.village_code = v.code AND left(h.household_no, 12) = v.code
                          AND h.household_no ~ '^[0-9]{13,18}$'
   GROUP BY v.code
$$;
REVOKE ALL ON FUNCTION fupin_village_number_high(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_village_number_high(text[]) TO fupin_app;

-- Fresh statistics for an import's staging rows once they are all read: the plans of the
-- file-wide statements that follow (duplicates, registration) depend on them, and autovacuum may
-- not have looked at tables that grew by millions of rows minutes ago. Sampling costs a fraction
-- of a second; the tables belong to the owner, so the application role asks through this function.
CREATE FUNCTION fupin_import_analyze() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  ANALYZE registry_import_rows, registry_import_households;
END $$;
REVOKE ALL ON FUNCTION fupin_import_analyze() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_import_analyze() TO fupin_app;

-- A staged household holds two JSON documents (the record and its rows) of 1–3 kB together: kept
-- in the row uncompressed up to a page, since compressing every staged household cost more than
-- the bytes it saved (the rows live only until the import ends).
ALTER TABLE registry_import_households SET (toast_tuple_target = 8160);

-- fupin_id_owner and fupin_household_no_owner for a whole chunk in one call (one function call
-- per ID number cost the import a few seconds per 100,000 households).
CREATE FUNCTION fupin_id_owners(ids text[])
  RETURNS TABLE (id_number text, county_code text, household_id bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id_number, p.county_code, p.household_id FROM person_ids p WHERE p.id_number = ANY (ids)
$$;
REVOKE ALL ON FUNCTION fupin_id_owners(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_id_owners(text[]) TO fupin_app;

CREATE FUNCTION fupin_household_no_owners(counties text[], numbers text[])
  RETURNS TABLE (county_code text, household_no text, household_id bigint, village_code text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT h.county_code, h.household_no, h.id, h.village_code
    FROM unnest(counties, numbers) AS n(county, no)
    JOIN households h ON h.county_code = n.county AND h.household_no = n.no
$$;
REVOKE ALL ON FUNCTION fupin_household_no_owners(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_household_no_owners(text[], text[]) TO fupin_app;
