-- 013: the registry's counts deferred for one transaction, for an import's registry writer
-- (apps/server/src/modules/registry/transfer/writer.ts). The writer registers a file's households
-- batch by batch in one long transaction; the statement triggers on households (assistance
-- coverage, 006; progress counts, 009) would recount each touched village once per batch, which
-- took most of the writer's time. With fupin.counts_deferred set to 'on' in the transaction they
-- do nothing, and the writer counts its households once, before it commits, with
-- fupin_count_households. Any other transaction counts as before.

CREATE FUNCTION fupin_counts_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('fupin.counts_deferred', true), '') = 'on'
$$;

CREATE OR REPLACE FUNCTION fupin_assistance_touch_new() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_TABLE_NAME = 'households' AND fupin_counts_deferred() THEN
    RETURN NULL;
  END IF;
  PERFORM fupin_assistance_recount(ARRAY(SELECT DISTINCT village_code FROM new_rows));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fupin_assistance_touch_old() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_TABLE_NAME = 'households' AND fupin_counts_deferred() THEN
    RETURN NULL;
  END IF;
  PERFORM fupin_assistance_recount(ARRAY(SELECT DISTINCT village_code FROM old_rows));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fupin_assistance_touch_households() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF fupin_counts_deferred() THEN
    RETURN NULL;
  END IF;
  PERFORM fupin_assistance_recount(ARRAY(
    SELECT n.village_code FROM new_rows n JOIN old_rows o ON o.county_code = n.county_code AND o.id = n.id
     WHERE o.status IS DISTINCT FROM n.status OR o.village_code IS DISTINCT FROM n.village_code
    UNION
    SELECT o.village_code FROM new_rows n JOIN old_rows o ON o.county_code = n.county_code AND o.id = n.id
     WHERE o.status IS DISTINCT FROM n.status OR o.village_code IS DISTINCT FROM n.village_code));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fupin_progress_households_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF fupin_counts_deferred() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM fupin_progress_add_facts(array_agg(ROW(n.village_code, coalesce(n.exit_year, 0), 1, n.status, n.size, n.main_cause)::fupin_household_fact))
      FROM new_rows n HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM fupin_progress_add_facts(array_agg(ROW(o.village_code, coalesce(o.exit_year, 0), -1, o.status, o.size, o.main_cause)::fupin_household_fact))
      FROM old_rows o HAVING count(*) > 0;
  ELSE
    -- Rows whose counted fields did not change cancel out; only changed rows are passed on.
    PERFORM fupin_progress_add_facts(array_agg(c.fact)) FROM (
      SELECT ROW(n.village_code, coalesce(n.exit_year, 0), 1, n.status, n.size, n.main_cause)::fupin_household_fact AS fact
        FROM new_rows n JOIN old_rows o ON o.county_code = n.county_code AND o.id = n.id
        WHERE (n.village_code, n.exit_year, n.status, n.size, n.main_cause) IS DISTINCT FROM (o.village_code, o.exit_year, o.status, o.size, o.main_cause)
      UNION ALL
      SELECT ROW(o.village_code, coalesce(o.exit_year, 0), -1, o.status, o.size, o.main_cause)::fupin_household_fact
        FROM old_rows o JOIN new_rows n ON o.county_code = n.county_code AND o.id = n.id
        WHERE (n.village_code, n.exit_year, n.status, n.size, n.main_cause) IS DISTINCT FROM (o.village_code, o.exit_year, o.status, o.size, o.main_cause)
    ) c HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;

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
