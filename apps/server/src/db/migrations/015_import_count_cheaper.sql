-- 015: the last step of a large import, cheaper (apps/server/src/modules/registry/transfer/writer.ts).
-- Same results as before; measured at S=1 (1.9 million households) in bench/RESULTS.md.

-- fupin_count_households (013) looked the households up twice (once for their villages, once for
-- their progress facts) and passed one fact per household to fupin_progress_add_facts, which
-- summed 1.9 million facts at five region levels: 38 s at S=1. Now the households are looked up
-- once, and identical facts are passed once with their number as the sign (add_facts sums
-- sign and sign × size, so n equal facts with sign 1 count the same as one with sign n): about
-- 600,000 facts at S=1, 19 s in all.
CREATE OR REPLACE FUNCTION fupin_count_households(counties text[], ids bigint[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  facts fupin_household_fact[];
BEGIN
  SELECT array_agg(ROW(g.village_code, g.year, g.n, g.status, g.size, g.main_cause)::fupin_household_fact) INTO facts
    FROM (SELECT h.village_code, coalesce(h.exit_year, 0) AS year, count(*)::int AS n, h.status, h.size, h.main_cause
            FROM unnest(counties, ids) AS k(county_code, id)
            JOIN households h ON h.county_code = k.county_code AND h.id = k.id
           WHERE fupin_in_scope(h.village_code)
           GROUP BY h.village_code, coalesce(h.exit_year, 0), h.status, h.size, h.main_cause) g;
  IF facts IS NULL THEN
    RETURN;
  END IF;
  PERFORM fupin_assistance_recount(ARRAY(SELECT DISTINCT f.village_code FROM unnest(facts) f));
  PERFORM fupin_progress_add_facts(facts);
END $$;

-- The audit chain's row trigger (010), unchanged but for one statement: the new link is stored
-- with an assignment, which PL/pgSQL evaluates as a simple expression, where PERFORM ran a query
-- through SPI for every entry. About 10% of an import's 1.9 million audit entries.
CREATE OR REPLACE FUNCTION fupin_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  tail text := current_setting('fupin.audit_tail', true);
  head audit_head;
BEGIN
  IF tail IS NULL OR tail = '' THEN
    -- First entry of this transaction: wait for other writers, then read the committed head.
    PERFORM pg_advisory_xact_lock(7262021);
    SELECT * INTO head FROM audit_head;
    NEW.prev_hash := head.last_hash;
  ELSE
    NEW.prev_hash := split_part(tail, ':', 2);
  END IF;
  NEW.hash := fupin_audit_hash(NEW);
  tail := set_config('fupin.audit_tail', NEW.id::text || ':' || NEW.hash, true);
  RETURN NEW;
END $$;
