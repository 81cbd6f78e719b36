-- 013: the registry's counts deferred for one transaction, for an import's registry writer
-- (apps/server/src/modules/registry/transfer/writer.ts). The writer registers a file's households
-- batch by batch in one long transaction; the statement triggers on households (assistance
-- coverage, 006; progress counts, 009) would recount each touched village once per batch, which
-- took most of the writer's time. With fupin.counts_deferred set to 'on' in the transaction they
-- do not fire (their WHEN condition), and the writer counts its households once, before it commits, with
-- fupin_count_households. Any other transaction counts as before.

CREATE FUNCTION fupin_counts_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('fupin.counts_deferred', true), '') = 'on'
$$;

-- The households' statement triggers, made again with the condition: their functions are unchanged.
DROP TRIGGER households_assistance_ins ON households;
DROP TRIGGER households_assistance_del ON households;
DROP TRIGGER households_assistance_upd ON households;
DROP TRIGGER households_progress_insert ON households;
DROP TRIGGER households_progress_update ON households;
DROP TRIGGER households_progress_delete ON households;
CREATE TRIGGER households_assistance_ins AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (NOT fupin_counts_deferred()) EXECUTE FUNCTION fupin_assistance_touch_new();
CREATE TRIGGER households_assistance_del AFTER DELETE ON households REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT WHEN (NOT fupin_counts_deferred()) EXECUTE FUNCTION fupin_assistance_touch_old();
CREATE TRIGGER households_assistance_upd AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (NOT fupin_counts_deferred()) EXECUTE FUNCTION fupin_assistance_touch_households();
CREATE TRIGGER households_progress_insert AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (NOT fupin_counts_deferred()) EXECUTE FUNCTION fupin_progress_households_changed();
CREATE TRIGGER households_progress_update AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (NOT fupin_counts_deferred()) EXECUTE FUNCTION fupin_progress_households_changed();
CREATE TRIGGER households_progress_delete AFTER DELETE ON households REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT WHEN (NOT fupin_counts_deferred()) EXECUTE FUNCTION fupin_progress_households_changed();

-- Counts the given households (registered while counts were deferred) as their triggers would
-- have: assistance coverage recounted for their villages, progress facts added. Only households
-- in the caller's region count.
CREATE FUNCTION fupin_count_households(counties text[], ids bigint[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount(ARRAY(
    SELECT DISTINCT h.village_code FROM unnest(counties, ids) AS k(county_code, id)
      JOIN households h ON h.county_code = k.county_code AND h.id = k.id
     WHERE fupin_in_scope(h.village_code)));
  PERFORM fupin_progress_add_facts(array_agg(ROW(h.village_code, coalesce(h.exit_year, 0), 1, h.status, h.size, h.main_cause)::fupin_household_fact))
    FROM unnest(counties, ids) AS k(county_code, id)
    JOIN households h ON h.county_code = k.county_code AND h.id = k.id
   WHERE fupin_in_scope(h.village_code)
  HAVING count(*) > 0;
END $$;
REVOKE ALL ON FUNCTION fupin_count_households(text[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_count_households(text[], bigint[]) TO fupin_app;

-- The foreign-key checks of members and household_incomes look up households with a plan
-- PostgreSQL makes once per session. Made while households is nearly empty (the first import
-- into a new province), that plan scans the table for each row, which grows with the square of
-- the import. The writer runs as fupin_app, which may not ANALYZE the table it does not own, so
-- it calls this (on the key columns only, which is cheap) each time the table has doubled: the
-- new statistics invalidate the plan and the next check is planned as an index lookup.
-- ANALYZE's lock on the table lasts until the writer commits: another import's writer that finds
-- it taken skips the analysis (SKIP_LOCKED) rather than wait for that import to end.
CREATE FUNCTION fupin_analyze_household_keys() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  ANALYZE (SKIP_LOCKED) households (county_code, id);
END $$;
REVOKE ALL ON FUNCTION fupin_analyze_household_keys() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_analyze_household_keys() TO fupin_app;
