-- Assistance (帮扶) organisation and coverage: helping units and their cadres, leader contacts,
-- work teams stationed in villages, first secretaries, helper ↔ household pairings, and the
-- village/household links of 随州's "七联" (enterprise, bank, insurer). Region-owned tables carry
-- the region they belong to and are guarded by row-level security on it; the large ones (pairings,
-- household links) are keyed by (county_code, id) like the registry, for Citus.
-- Coverage is read from per-village and per-county counters kept by statement-level triggers, so
-- the province figures add up ~100 county rows instead of 2 million households.

-- Units (帮扶单位) -----------------------------------------------------------------------------
CREATE TABLE assistance_units (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('department', 'enterprise', 'bank', 'insurer', 'social_org')),
  level         text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
  -- The unit's home region: who manages it. Everyone below sees it (to pick it).
  region_code   text COLLATE "C" NOT NULL REFERENCES regions (code),
  phone         text,
  active        boolean NOT NULL DEFAULT true,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX assistance_units_name ON assistance_units (region_code, name);
CREATE INDEX assistance_units_kind ON assistance_units (kind, region_code);

-- Cadres (帮扶干部/帮扶责任人): region_code is the region whose households they may be paired with.
CREATE TABLE cadres (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  phone         text,
  unit_id       bigint NOT NULL REFERENCES assistance_units (id),
  position      text,
  region_code   text COLLATE "C" NOT NULL REFERENCES regions (code),
  user_id       bigint REFERENCES users (id),
  active        boolean NOT NULL DEFAULT true,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cadres_region ON cadres (region_code, id);
CREATE INDEX cadres_unit ON cadres (unit_id);
CREATE UNIQUE INDEX cadres_user ON cadres (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX cadres_phone ON cadres (phone) WHERE phone IS NOT NULL;

-- Leader contacts (联系点/包保): a leader cadre responsible for a region.
CREATE TABLE leader_contacts (
  id            bigserial PRIMARY KEY,
  cadre_id      bigint NOT NULL REFERENCES cadres (id),
  region_code   text COLLATE "C" NOT NULL REFERENCES regions (code),
  role          text NOT NULL DEFAULT '联系领导',
  start_on      date NOT NULL,
  end_on        date,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (end_on IS NULL OR end_on >= start_on)
);
CREATE INDEX leader_contacts_region ON leader_contacts (region_code, id);
CREATE UNIQUE INDEX leader_contacts_active ON leader_contacts (region_code, cadre_id, role) WHERE end_on IS NULL;

-- Work teams (驻村工作队) -----------------------------------------------------------------------
CREATE SEQUENCE work_teams_id_seq;
CREATE TABLE work_teams (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('work_teams_id_seq'),
  village_code  text COLLATE "C" NOT NULL REFERENCES regions (code),
  name          text NOT NULL,
  leader_cadre_id bigint REFERENCES cadres (id),
  start_on      date NOT NULL,
  planned_end_on date,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  ended_on      date,
  end_reason    text,
  successor_id  bigint,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code),
  CHECK ((status = 'ended') = (ended_on IS NOT NULL))
);
CREATE INDEX work_teams_village ON work_teams (village_code, id);
CREATE INDEX work_teams_active ON work_teams (village_code) WHERE status = 'active';

CREATE TABLE work_team_units (
  county_code   text COLLATE "C" NOT NULL,
  team_id       bigint NOT NULL,
  unit_id       bigint NOT NULL REFERENCES assistance_units (id),
  village_code  text COLLATE "C" NOT NULL,
  is_lead       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (county_code, team_id, unit_id),
  FOREIGN KEY (county_code, team_id) REFERENCES work_teams (county_code, id) ON DELETE CASCADE
);

CREATE SEQUENCE work_team_members_id_seq;
CREATE TABLE work_team_members (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('work_team_members_id_seq'),
  team_id       bigint NOT NULL,
  cadre_id      bigint NOT NULL REFERENCES cadres (id),
  village_code  text COLLATE "C" NOT NULL,
  resident      boolean NOT NULL DEFAULT true,
  from_on       date NOT NULL,
  to_on         date,
  PRIMARY KEY (county_code, id),
  FOREIGN KEY (county_code, team_id) REFERENCES work_teams (county_code, id) ON DELETE CASCADE
);
CREATE INDEX work_team_members_team ON work_team_members (county_code, team_id);
CREATE INDEX work_team_members_cadre ON work_team_members (cadre_id);

-- First secretaries (第一书记) ------------------------------------------------------------------
CREATE SEQUENCE first_secretaries_id_seq;
CREATE TABLE first_secretaries (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('first_secretaries_id_seq'),
  village_code  text COLLATE "C" NOT NULL REFERENCES regions (code),
  cadre_id      bigint NOT NULL REFERENCES cadres (id),
  start_on      date NOT NULL,
  planned_end_on date NOT NULL,
  ended_on      date,
  end_reason    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code),
  CHECK (planned_end_on > start_on)
);
-- One serving first secretary per village.
CREATE UNIQUE INDEX first_secretaries_active ON first_secretaries (county_code, village_code) WHERE ended_on IS NULL;
CREATE INDEX first_secretaries_village ON first_secretaries (village_code, id);

-- Pairings (结对帮扶): a helper cadre with a household ----------------------------------------
CREATE SEQUENCE pairings_id_seq;
CREATE TABLE pairings (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('pairings_id_seq'),
  household_id  bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  cadre_id      bigint NOT NULL REFERENCES cadres (id),
  start_on      date NOT NULL,
  ended_on      date,
  end_reason    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code),
  CHECK (ended_on IS NULL OR ended_on >= start_on)
);
-- At most one active pairing of a helper with a household.
CREATE UNIQUE INDEX pairings_active ON pairings (county_code, household_id, cadre_id) WHERE ended_on IS NULL;
CREATE INDEX pairings_household ON pairings (county_code, household_id, id);
CREATE INDEX pairings_cadre_active ON pairings (cadre_id) WHERE ended_on IS NULL;
CREATE INDEX pairings_village ON pairings (village_code, id);

-- 七联 links: a village with a unit or an enterprise; a household with a bank or an insurer.
CREATE SEQUENCE village_links_id_seq;
CREATE TABLE village_links (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('village_links_id_seq'),
  village_code  text COLLATE "C" NOT NULL REFERENCES regions (code),
  unit_id       bigint NOT NULL REFERENCES assistance_units (id),
  link_kind     text NOT NULL CHECK (link_kind IN ('unit', 'enterprise')),
  start_on      date NOT NULL,
  ended_on      date,
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code)
);
CREATE UNIQUE INDEX village_links_active ON village_links (county_code, village_code, unit_id) WHERE ended_on IS NULL;
CREATE INDEX village_links_village ON village_links (village_code, link_kind) WHERE ended_on IS NULL;

CREATE SEQUENCE household_links_id_seq;
CREATE TABLE household_links (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('household_links_id_seq'),
  household_id  bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  unit_id       bigint NOT NULL REFERENCES assistance_units (id),
  link_kind     text NOT NULL CHECK (link_kind IN ('bank', 'insurer')),
  start_on      date NOT NULL,
  ended_on      date,
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code)
);
CREATE UNIQUE INDEX household_links_active ON household_links (county_code, household_id, unit_id) WHERE ended_on IS NULL;
CREATE INDEX household_links_household ON household_links (county_code, household_id, link_kind) WHERE ended_on IS NULL;

-- Kept coverage counters ----------------------------------------------------------------------
-- Per village: whether it is a designated poor village and has an active work team, first
-- secretary, unit and enterprise link; its poor households (未脱贫, 返贫) and how many of them have
-- an active helper, bank link and insurer link. Per county: the same, summed. Written only by the
-- functions and triggers below (SECURITY DEFINER), so coverage for the province adds up ~100 rows.
CREATE TABLE assistance_village_counts (
  village_code    text COLLATE "C" PRIMARY KEY,
  county_code     text COLLATE "C" NOT NULL,
  poor_village    boolean NOT NULL DEFAULT false,
  has_team        boolean NOT NULL DEFAULT false,
  has_secretary   boolean NOT NULL DEFAULT false,
  has_unit        boolean NOT NULL DEFAULT false,
  has_enterprise  boolean NOT NULL DEFAULT false,
  poor_households integer NOT NULL DEFAULT 0,
  with_helper     integer NOT NULL DEFAULT 0,
  with_bank       integer NOT NULL DEFAULT 0,
  with_insurer    integer NOT NULL DEFAULT 0
);
-- Poor villages lacking any of the four, for the village gap list.
CREATE INDEX assistance_village_gaps ON assistance_village_counts (village_code)
  WHERE poor_village AND NOT (has_team AND has_secretary AND has_unit AND has_enterprise);

CREATE TABLE assistance_county_counts (
  county_code     text COLLATE "C" PRIMARY KEY,
  poor_villages   integer NOT NULL DEFAULT 0,
  with_team       integer NOT NULL DEFAULT 0,
  with_secretary  integer NOT NULL DEFAULT 0,
  with_unit       integer NOT NULL DEFAULT 0,
  with_enterprise integer NOT NULL DEFAULT 0,
  poor_households integer NOT NULL DEFAULT 0,
  with_helper     integer NOT NULL DEFAULT 0,
  with_bank       integer NOT NULL DEFAULT 0,
  with_insurer    integer NOT NULL DEFAULT 0
);
-- The gap lists scan poor households in (village_code, id) order.
CREATE INDEX households_poor_village ON households (village_code, id) WHERE status IN ('未脱贫', '返贫');

-- Sums the village rows of the given counties into their county rows.
CREATE FUNCTION fupin_assistance_rollup(counties text[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO assistance_county_counts AS a
  SELECT c.code,
         count(*) FILTER (WHERE v.poor_village)::int,
         count(*) FILTER (WHERE v.poor_village AND v.has_team)::int,
         count(*) FILTER (WHERE v.poor_village AND v.has_secretary)::int,
         count(*) FILTER (WHERE v.poor_village AND v.has_unit)::int,
         count(*) FILTER (WHERE v.poor_village AND v.has_enterprise)::int,
         coalesce(sum(v.poor_households), 0)::int, coalesce(sum(v.with_helper), 0)::int,
         coalesce(sum(v.with_bank), 0)::int, coalesce(sum(v.with_insurer), 0)::int
    FROM (SELECT DISTINCT unnest(counties) COLLATE "C" AS code) c
    JOIN assistance_village_counts v ON v.county_code = c.code
   GROUP BY c.code
  ON CONFLICT (county_code) DO UPDATE
    SET poor_villages = excluded.poor_villages, with_team = excluded.with_team, with_secretary = excluded.with_secretary,
        with_unit = excluded.with_unit, with_enterprise = excluded.with_enterprise,
        poor_households = excluded.poor_households, with_helper = excluded.with_helper,
        with_bank = excluded.with_bank, with_insurer = excluded.with_insurer;
  -- A county without village rows has no row either (as after a full recount).
  DELETE FROM assistance_county_counts c
   WHERE c.county_code = ANY (counties)
     AND NOT EXISTS (SELECT 1 FROM assistance_village_counts v WHERE v.county_code = c.county_code);
$$;
CREATE INDEX assistance_village_counts_county ON assistance_village_counts (county_code);

-- Recounts the given villages from the base tables, then their counties. Concurrent writers of
-- one county are serialised by an advisory lock taken before the counting statement, which (READ
-- COMMITTED, one snapshot per statement) then sees every committed change of the others.
CREATE FUNCTION fupin_assistance_recount(villages text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE c text;
BEGIN
  IF villages IS NULL OR cardinality(villages) = 0 THEN RETURN; END IF;
  FOR c IN SELECT DISTINCT left(v, 6) FROM unnest(villages) v ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('fupin.assistance.' || c));
  END LOOP;
  INSERT INTO assistance_village_counts AS a
  SELECT v.code, left(v.code, 6),
         coalesce(r.poor_designation IS NOT NULL, false),
         EXISTS (SELECT 1 FROM work_teams t WHERE t.village_code = v.code AND t.status = 'active'),
         EXISTS (SELECT 1 FROM first_secretaries f WHERE f.county_code = left(v.code, 6) AND f.village_code = v.code AND f.ended_on IS NULL),
         EXISTS (SELECT 1 FROM village_links l WHERE l.village_code = v.code AND l.link_kind = 'unit' AND l.ended_on IS NULL),
         EXISTS (SELECT 1 FROM village_links l WHERE l.village_code = v.code AND l.link_kind = 'enterprise' AND l.ended_on IS NULL),
         coalesce(s.poor, 0), coalesce(s.helper, 0), coalesce(s.bank, 0), coalesce(s.insurer, 0)
    FROM (SELECT DISTINCT unnest(villages) COLLATE "C" AS code) v
    LEFT JOIN regions r ON r.code = v.code
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS poor,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pairings p WHERE p.county_code = h.county_code
                                AND p.household_id = h.id AND p.ended_on IS NULL))::int AS helper,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_links l WHERE l.county_code = h.county_code
                                AND l.household_id = h.id AND l.link_kind = 'bank' AND l.ended_on IS NULL))::int AS bank,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_links l WHERE l.county_code = h.county_code
                                AND l.household_id = h.id AND l.link_kind = 'insurer' AND l.ended_on IS NULL))::int AS insurer
        FROM households h
       WHERE h.village_code = v.code AND h.status IN ('未脱贫', '返贫')
    ) s ON true
  ON CONFLICT (village_code) DO UPDATE
    SET poor_village = excluded.poor_village, has_team = excluded.has_team, has_secretary = excluded.has_secretary,
        has_unit = excluded.has_unit, has_enterprise = excluded.has_enterprise,
        poor_households = excluded.poor_households, with_helper = excluded.with_helper,
        with_bank = excluded.with_bank, with_insurer = excluded.with_insurer;
  -- A village that is neither designated nor has poor households keeps no row (as after a full recount).
  DELETE FROM assistance_village_counts
   WHERE village_code = ANY (villages) AND NOT poor_village AND poor_households = 0;
  PERFORM fupin_assistance_rollup(ARRAY(SELECT DISTINCT left(v, 6) FROM unnest(villages) v));
END $$;

-- Recounts every village and county under a region prefix in one set-based pass (after bulk loads).
CREATE FUNCTION fupin_assistance_recount_all(prefix text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  DELETE FROM assistance_village_counts WHERE village_code >= prefix AND village_code < prefix || ':';
  INSERT INTO assistance_village_counts
  SELECT coalesce(hh.village_code, pv.code), left(coalesce(hh.village_code, pv.code), 6), pv.code IS NOT NULL,
         coalesce(pv.team, false), coalesce(pv.secretary, false), coalesce(pv.unit, false), coalesce(pv.enterprise, false),
         coalesce(hh.poor, 0), coalesce(hh.helper, 0), coalesce(hh.bank, 0), coalesce(hh.insurer, 0)
    FROM (SELECT h.village_code, count(*)::int AS poor,
                 count(*) FILTER (WHERE p.household_id IS NOT NULL)::int AS helper,
                 count(*) FILTER (WHERE l.bank)::int AS bank, count(*) FILTER (WHERE l.insurer)::int AS insurer
            FROM households h
            LEFT JOIN (SELECT DISTINCT county_code, household_id FROM pairings WHERE ended_on IS NULL) p
              ON p.county_code = h.county_code AND p.household_id = h.id
            LEFT JOIN (SELECT county_code, household_id, bool_or(link_kind = 'bank') AS bank, bool_or(link_kind = 'insurer') AS insurer
                         FROM household_links WHERE ended_on IS NULL GROUP BY county_code, household_id) l
              ON l.county_code = h.county_code AND l.household_id = h.id
           WHERE h.status IN ('未脱贫', '返贫') AND h.village_code >= prefix AND h.village_code < prefix || ':'
           GROUP BY h.village_code) hh
    FULL JOIN (
      SELECT r.code,
             EXISTS (SELECT 1 FROM work_teams t WHERE t.village_code = r.code AND t.status = 'active') AS team,
             EXISTS (SELECT 1 FROM first_secretaries f WHERE f.county_code = left(r.code, 6) AND f.village_code = r.code AND f.ended_on IS NULL) AS secretary,
             EXISTS (SELECT 1 FROM village_links l WHERE l.village_code = r.code AND l.link_kind = 'unit' AND l.ended_on IS NULL) AS unit,
             EXISTS (SELECT 1 FROM village_links l WHERE l.village_code = r.code AND l.link_kind = 'enterprise' AND l.ended_on IS NULL) AS enterprise
        FROM regions r
       WHERE r.level = 'village' AND r.poor_designation IS NOT NULL AND r.code >= prefix AND r.code < prefix || ':') pv
      ON pv.code = hh.village_code;
  DELETE FROM assistance_county_counts WHERE county_code >= prefix AND county_code < prefix || ':';
  PERFORM fupin_assistance_rollup(ARRAY(SELECT DISTINCT county_code FROM assistance_village_counts
                                         WHERE county_code >= prefix AND county_code < prefix || ':'));
END $$;
REVOKE ALL ON FUNCTION fupin_assistance_recount(text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION fupin_assistance_recount_all(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fupin_assistance_rollup(text[]) FROM PUBLIC;

-- Statement-level triggers (transition tables, one per event): a COPY of thousands of rows
-- recounts each touched village once.
CREATE FUNCTION fupin_assistance_touch_new() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount(ARRAY(SELECT DISTINCT village_code FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION fupin_assistance_touch_old() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount(ARRAY(SELECT DISTINCT village_code FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION fupin_assistance_touch_both() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount(ARRAY(SELECT village_code FROM new_rows UNION SELECT village_code FROM old_rows));
  RETURN NULL;
END $$;
-- Households: only a change of status or village moves a count.
CREATE FUNCTION fupin_assistance_touch_households() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount(ARRAY(
    SELECT n.village_code FROM new_rows n JOIN old_rows o ON o.county_code = n.county_code AND o.id = n.id
     WHERE o.status IS DISTINCT FROM n.status OR o.village_code IS DISTINCT FROM n.village_code
    UNION
    SELECT o.village_code FROM new_rows n JOIN old_rows o ON o.county_code = n.county_code AND o.id = n.id
     WHERE o.status IS DISTINCT FROM n.status OR o.village_code IS DISTINCT FROM n.village_code));
  RETURN NULL;
END $$;
-- Regions: a village designated poor or no longer so.
CREATE FUNCTION fupin_assistance_touch_regions() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount(ARRAY(
    SELECT n.code FROM new_rows n JOIN old_rows o ON o.code = n.code
     WHERE n.level = 'village' AND (o.poor_designation IS NULL) <> (n.poor_designation IS NULL)));
  RETURN NULL;
END $$;
CREATE FUNCTION fupin_assistance_truncate() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_assistance_recount_all('');
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['households', 'pairings', 'household_links', 'work_teams', 'first_secretaries', 'village_links'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_assistance_touch_new()', t || '_assistance_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_assistance_touch_old()', t || '_assistance_del', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION fupin_assistance_truncate()', t || '_assistance_trunc', t);
    IF t <> 'households' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_assistance_touch_both()', t || '_assistance_upd', t);
    END IF;
  END LOOP;
END $$;
CREATE TRIGGER households_assistance_upd AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fupin_assistance_touch_households();
CREATE TRIGGER regions_assistance_upd AFTER UPDATE ON regions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fupin_assistance_touch_regions();
-- The region tree's designations were seeded before this migration: count them once.
SELECT fupin_assistance_recount_all('');

-- Helpers' load, read past row-level security: the limit counts a helper's active pairings in
-- every region, and locks the helper so that two concurrent pairings cannot both pass it.
CREATE FUNCTION fupin_cadre_load(cadre bigint) RETURNS TABLE (region_code text, active boolean, pairings integer)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM 1 FROM cadres c WHERE c.id = cadre FOR UPDATE;
  RETURN QUERY SELECT c.region_code::text, c.active,
    (SELECT count(*)::int FROM pairings p WHERE p.cadre_id = cadre AND p.ended_on IS NULL)
    FROM cadres c WHERE c.id = cadre;
END $$;
REVOKE ALL ON FUNCTION fupin_cadre_load(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_cadre_load(bigint) TO fupin_app;

-- The same for several helpers at once (rebalancing), locked in id order.
CREATE FUNCTION fupin_cadre_loads(ids bigint[]) RETURNS TABLE (cadre_id bigint, pairings integer)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM 1 FROM cadres c WHERE c.id = ANY (ids) ORDER BY c.id FOR UPDATE;
  RETURN QUERY SELECT c.id, (SELECT count(*)::int FROM pairings p WHERE p.cadre_id = c.id AND p.ended_on IS NULL)
    FROM cadres c WHERE c.id = ANY (ids);
END $$;
REVOKE ALL ON FUNCTION fupin_cadre_loads(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_cadre_loads(bigint[]) TO fupin_app;

-- Bulk helper assignment (批量结对) imports ---------------------------------------------------
CREATE TABLE assistance_imports (
  id              bigserial PRIMARY KEY,
  region_code     text COLLATE "C" NOT NULL,
  file_name       text NOT NULL,
  format          text NOT NULL CHECK (format IN ('xlsx', 'csv')),
  size_bytes      bigint NOT NULL,
  sha256          text NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('all', 'good')),
  status          text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'checking', 'applying', 'completed', 'rejected')),
  data            bytea NOT NULL,
  job_id          bigint REFERENCES jobs (id),
  created_by      bigint REFERENCES users (id),
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  rows_total      integer NOT NULL DEFAULT 0,
  rows_ok         integer NOT NULL DEFAULT 0,
  rows_bad        integer NOT NULL DEFAULT 0,
  rows_unchanged  integer NOT NULL DEFAULT 0,
  rows_written    integer NOT NULL DEFAULT 0,
  file_error      jsonb
);
ALTER TABLE assistance_imports ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX assistance_imports_region ON assistance_imports (region_code, id);

CREATE TABLE assistance_import_rows (
  import_id     bigint NOT NULL REFERENCES assistance_imports (id) ON DELETE CASCADE,
  row_no        integer NOT NULL,
  region_code   text COLLATE "C" NOT NULL,
  cells         text[] NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('good', 'bad', 'unchanged', 'written')),
  county_code   text COLLATE "C",
  household_id  bigint,
  village_code  text COLLATE "C",
  cadre_id      bigint,
  start_on      date,
  PRIMARY KEY (import_id, row_no)
);

CREATE TABLE assistance_import_issues (
  import_id   bigint NOT NULL REFERENCES assistance_imports (id) ON DELETE CASCADE,
  id          bigserial,
  region_code text COLLATE "C" NOT NULL,
  row_no      integer,
  column_key  text,
  code        text NOT NULL,
  message_zh  text NOT NULL,
  message_en  text NOT NULL,
  PRIMARY KEY (import_id, id)
);
CREATE INDEX assistance_import_issues_row ON assistance_import_issues (import_id, row_no, id);

CREATE FUNCTION fupin_assistance_import_region(import bigint) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT region_code FROM assistance_imports WHERE id = import
$$;
REVOKE ALL ON FUNCTION fupin_assistance_import_region(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_assistance_import_region(bigint) TO fupin_app;

-- Row-level security --------------------------------------------------------------------------
-- Units and cadres are read by everyone below their region (a county picks a provincial unit)
-- and written only inside the scope.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['assistance_units', 'cadres'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO fupin_app USING (fupin_in_scope(region_code) OR fupin_is_scope_ancestor(region_code))', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO fupin_app WITH CHECK (fupin_in_scope(region_code))', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO fupin_app USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code))', t || '_update', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO fupin_app', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['leader_contacts', 'assistance_imports', 'assistance_import_rows', 'assistance_import_issues'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fupin_app', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['work_teams', 'work_team_units', 'work_team_members', 'first_secretaries', 'pairings',
                           'village_links', 'household_links', 'assistance_village_counts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(village_code)) WITH CHECK (fupin_in_scope(village_code))', t || '_scope', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON work_teams, work_team_units, work_team_members, first_secretaries, pairings,
  village_links, household_links TO fupin_app;
GRANT SELECT ON assistance_village_counts TO fupin_app;
ALTER TABLE assistance_county_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_county_counts_scope ON assistance_county_counts FOR SELECT TO fupin_app USING (fupin_in_scope(county_code));
GRANT SELECT ON assistance_county_counts TO fupin_app;
GRANT USAGE ON SEQUENCE assistance_units_id_seq, cadres_id_seq, leader_contacts_id_seq, work_teams_id_seq,
  work_team_members_id_seq, first_secretaries_id_seq, pairings_id_seq, village_links_id_seq, household_links_id_seq,
  assistance_imports_id_seq, assistance_import_issues_id_seq TO fupin_app;
