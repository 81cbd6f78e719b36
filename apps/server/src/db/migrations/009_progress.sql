-- Progress (DOMAIN §5, §7, §8): figures kept per region and exit year on every registry write,
-- the timetable (planned exit year per region, planned exits per village and year), rural
-- population for the poverty incidence, and generated Word bulletins.
--
-- Kept aggregates. Every statement on households (and on region_plan_years) adds one set of
-- delta rows to region_count_deltas, computed set-based from the statement's transition tables
-- for every ancestor prefix of the changed villages (2, 4, 6, 9 and 12 digits). Writers only
-- INSERT deltas, so no two transactions ever wait on the same province or prefecture row;
-- fupin_progress_fold() moves deltas into region_year_counts (one folder at a time, keys in
-- order, so folds cannot deadlock). Readers sum region_year_counts and the pending deltas in
-- one statement, so a figure is exact at any moment whether or not a fold has run.
-- fupin_progress_recount() rebuilds everything from the base tables (after the generator's
-- COPY and in the progress.recount job).
--
-- `year` is the household's exit year (0 when it has none) for registry figures and the
-- planned year for planned figures: exits of a year and the plan of that year share a row.
-- cause_1 … cause_14 count the poor households by main cause in the order of POVERTY_CAUSES
-- (packages/domain/src/registry/enums.ts): 因病, 因残, 因学, 因灾, 缺土地, 缺水, 缺技术, 缺劳力,
-- 缺资金, 交通条件落后, 自身发展动力不足, 因婚, 因丧, 其他.

CREATE TABLE region_year_counts (
  code                 text COLLATE "C" NOT NULL,
  year                 integer NOT NULL,
  households           integer NOT NULL DEFAULT 0,
  people               integer NOT NULL DEFAULT 0,
  poor_households      integer NOT NULL DEFAULT 0,
  poor_people          integer NOT NULL DEFAULT 0,
  exited_households    integer NOT NULL DEFAULT 0,
  exited_people        integer NOT NULL DEFAULT 0,
  relapsed_households  integer NOT NULL DEFAULT 0,
  closed_households    integer NOT NULL DEFAULT 0,
  cause_1              integer NOT NULL DEFAULT 0,
  cause_2              integer NOT NULL DEFAULT 0,
  cause_3              integer NOT NULL DEFAULT 0,
  cause_4              integer NOT NULL DEFAULT 0,
  cause_5              integer NOT NULL DEFAULT 0,
  cause_6              integer NOT NULL DEFAULT 0,
  cause_7              integer NOT NULL DEFAULT 0,
  cause_8              integer NOT NULL DEFAULT 0,
  cause_9              integer NOT NULL DEFAULT 0,
  cause_10             integer NOT NULL DEFAULT 0,
  cause_11             integer NOT NULL DEFAULT 0,
  cause_12             integer NOT NULL DEFAULT 0,
  cause_13             integer NOT NULL DEFAULT 0,
  cause_14             integer NOT NULL DEFAULT 0,
  planned_households   integer NOT NULL DEFAULT 0,
  planned_people       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (code, year)
);

CREATE TABLE region_count_deltas (
  id                   bigserial PRIMARY KEY,
  code                 text COLLATE "C" NOT NULL,
  year                 integer NOT NULL,
  households           integer NOT NULL DEFAULT 0,
  people               integer NOT NULL DEFAULT 0,
  poor_households      integer NOT NULL DEFAULT 0,
  poor_people          integer NOT NULL DEFAULT 0,
  exited_households    integer NOT NULL DEFAULT 0,
  exited_people        integer NOT NULL DEFAULT 0,
  relapsed_households  integer NOT NULL DEFAULT 0,
  closed_households    integer NOT NULL DEFAULT 0,
  cause_1              integer NOT NULL DEFAULT 0,
  cause_2              integer NOT NULL DEFAULT 0,
  cause_3              integer NOT NULL DEFAULT 0,
  cause_4              integer NOT NULL DEFAULT 0,
  cause_5              integer NOT NULL DEFAULT 0,
  cause_6              integer NOT NULL DEFAULT 0,
  cause_7              integer NOT NULL DEFAULT 0,
  cause_8              integer NOT NULL DEFAULT 0,
  cause_9              integer NOT NULL DEFAULT 0,
  cause_10             integer NOT NULL DEFAULT 0,
  cause_11             integer NOT NULL DEFAULT 0,
  cause_12             integer NOT NULL DEFAULT 0,
  cause_13             integer NOT NULL DEFAULT 0,
  cause_14             integer NOT NULL DEFAULT 0,
  planned_households   integer NOT NULL DEFAULT 0,
  planned_people       integer NOT NULL DEFAULT 0
);
CREATE INDEX region_count_deltas_code ON region_count_deltas (code, year);

-- One household as the aggregates see it; sign is +1 for a row that arrives, -1 for one that leaves.
CREATE TYPE fupin_household_fact AS (village_code text, year integer, sign integer, status text, size integer, main_cause text);

-- Adds the deltas of a set of household facts for every ancestor prefix of their villages.
CREATE FUNCTION fupin_progress_add_facts(facts fupin_household_fact[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO region_count_deltas (code, year, households, people, poor_households, poor_people, exited_households, exited_people, relapsed_households, closed_households, cause_1, cause_2, cause_3, cause_4, cause_5, cause_6, cause_7, cause_8, cause_9, cause_10, cause_11, cause_12, cause_13, cause_14)
  SELECT * FROM (
    SELECT left(f.village_code, l.len) COLLATE "C" AS code, f.year,
      sum(CASE WHEN f.status <> '已销户' THEN f.sign ELSE 0 END)::int AS households,
      sum(CASE WHEN f.status <> '已销户' THEN f.sign * f.size ELSE 0 END)::int AS people,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') THEN f.sign ELSE 0 END)::int AS poor_households,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') THEN f.sign * f.size ELSE 0 END)::int AS poor_people,
      sum(CASE WHEN f.status LIKE '已脱贫%' THEN f.sign ELSE 0 END)::int AS exited_households,
      sum(CASE WHEN f.status LIKE '已脱贫%' THEN f.sign * f.size ELSE 0 END)::int AS exited_people,
      sum(CASE WHEN f.status = '返贫' THEN f.sign ELSE 0 END)::int AS relapsed_households,
      sum(CASE WHEN f.status = '已销户' THEN f.sign ELSE 0 END)::int AS closed_households,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '因病' THEN f.sign ELSE 0 END)::int AS cause_1,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '因残' THEN f.sign ELSE 0 END)::int AS cause_2,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '因学' THEN f.sign ELSE 0 END)::int AS cause_3,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '因灾' THEN f.sign ELSE 0 END)::int AS cause_4,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '缺土地' THEN f.sign ELSE 0 END)::int AS cause_5,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '缺水' THEN f.sign ELSE 0 END)::int AS cause_6,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '缺技术' THEN f.sign ELSE 0 END)::int AS cause_7,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '缺劳力' THEN f.sign ELSE 0 END)::int AS cause_8,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '缺资金' THEN f.sign ELSE 0 END)::int AS cause_9,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '交通条件落后' THEN f.sign ELSE 0 END)::int AS cause_10,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '自身发展动力不足' THEN f.sign ELSE 0 END)::int AS cause_11,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '因婚' THEN f.sign ELSE 0 END)::int AS cause_12,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '因丧' THEN f.sign ELSE 0 END)::int AS cause_13,
      sum(CASE WHEN f.status IN ('未脱贫', '返贫') AND f.main_cause = '其他' THEN f.sign ELSE 0 END)::int AS cause_14
    FROM unnest(facts) f CROSS JOIN (VALUES (2), (4), (6), (9), (12)) AS l(len)
    GROUP BY 1, 2
  ) d
  WHERE households <> 0 OR people <> 0 OR poor_households <> 0 OR poor_people <> 0 OR exited_households <> 0 OR exited_people <> 0 OR relapsed_households <> 0 OR closed_households <> 0 OR cause_1 <> 0 OR cause_2 <> 0 OR cause_3 <> 0 OR cause_4 <> 0 OR cause_5 <> 0 OR cause_6 <> 0 OR cause_7 <> 0 OR cause_8 <> 0 OR cause_9 <> 0 OR cause_10 <> 0 OR cause_11 <> 0 OR cause_12 <> 0 OR cause_13 <> 0 OR cause_14 <> 0
$$;

-- Adds planned exits (village rows of region_plan_years) for every ancestor prefix.
CREATE FUNCTION fupin_progress_add_plans(codes text[], years integer[], households integer[], people integer[], sign integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO region_count_deltas (code, year, planned_households, planned_people)
  SELECT * FROM (
    SELECT left(p.code, l.len) COLLATE "C" AS code, p.year, (sum(p.households) * sign)::int AS planned_households,
      (sum(p.people) * sign)::int AS planned_people
    FROM unnest(codes, years, households, people) AS p(code, year, households, people)
    CROSS JOIN (VALUES (2), (4), (6), (9), (12)) AS l(len)
    GROUP BY 1, 2
  ) d
  WHERE planned_households <> 0 OR planned_people <> 0
$$;

CREATE FUNCTION fupin_progress_households_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
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

CREATE TRIGGER households_progress_insert AFTER INSERT ON households
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_households_changed();
CREATE TRIGGER households_progress_update AFTER UPDATE ON households
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_households_changed();
CREATE TRIGGER households_progress_delete AFTER DELETE ON households
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_households_changed();

-- Moves up to max_rows pending deltas into region_year_counts. Only one fold runs at a time
-- (others return 0 at once); base rows are upserted in key order.
CREATE FUNCTION fupin_progress_fold(max_rows integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('fupin_progress_fold')) THEN
    RETURN 0;
  END IF;
  WITH taken AS (
    DELETE FROM region_count_deltas
    WHERE id IN (SELECT id FROM region_count_deltas ORDER BY id LIMIT max_rows)
    RETURNING *
  ), summed AS (
    SELECT code, year,
    sum(households)::int AS households,
    sum(people)::int AS people,
    sum(poor_households)::int AS poor_households,
    sum(poor_people)::int AS poor_people,
    sum(exited_households)::int AS exited_households,
    sum(exited_people)::int AS exited_people,
    sum(relapsed_households)::int AS relapsed_households,
    sum(closed_households)::int AS closed_households,
    sum(cause_1)::int AS cause_1,
    sum(cause_2)::int AS cause_2,
    sum(cause_3)::int AS cause_3,
    sum(cause_4)::int AS cause_4,
    sum(cause_5)::int AS cause_5,
    sum(cause_6)::int AS cause_6,
    sum(cause_7)::int AS cause_7,
    sum(cause_8)::int AS cause_8,
    sum(cause_9)::int AS cause_9,
    sum(cause_10)::int AS cause_10,
    sum(cause_11)::int AS cause_11,
    sum(cause_12)::int AS cause_12,
    sum(cause_13)::int AS cause_13,
    sum(cause_14)::int AS cause_14,
    sum(planned_households)::int AS planned_households,
    sum(planned_people)::int AS planned_people
    FROM taken GROUP BY code, year
  )
  INSERT INTO region_year_counts AS t (code, year, households, people, poor_households, poor_people, exited_households, exited_people, relapsed_households, closed_households, cause_1, cause_2, cause_3, cause_4, cause_5, cause_6, cause_7, cause_8, cause_9, cause_10, cause_11, cause_12, cause_13, cause_14, planned_households, planned_people)
  SELECT * FROM summed ORDER BY code, year
  ON CONFLICT (code, year) DO UPDATE SET
    households = t.households + excluded.households,
    people = t.people + excluded.people,
    poor_households = t.poor_households + excluded.poor_households,
    poor_people = t.poor_people + excluded.poor_people,
    exited_households = t.exited_households + excluded.exited_households,
    exited_people = t.exited_people + excluded.exited_people,
    relapsed_households = t.relapsed_households + excluded.relapsed_households,
    closed_households = t.closed_households + excluded.closed_households,
    cause_1 = t.cause_1 + excluded.cause_1,
    cause_2 = t.cause_2 + excluded.cause_2,
    cause_3 = t.cause_3 + excluded.cause_3,
    cause_4 = t.cause_4 + excluded.cause_4,
    cause_5 = t.cause_5 + excluded.cause_5,
    cause_6 = t.cause_6 + excluded.cause_6,
    cause_7 = t.cause_7 + excluded.cause_7,
    cause_8 = t.cause_8 + excluded.cause_8,
    cause_9 = t.cause_9 + excluded.cause_9,
    cause_10 = t.cause_10 + excluded.cause_10,
    cause_11 = t.cause_11 + excluded.cause_11,
    cause_12 = t.cause_12 + excluded.cause_12,
    cause_13 = t.cause_13 + excluded.cause_13,
    cause_14 = t.cause_14 + excluded.cause_14,
    planned_households = t.planned_households + excluded.planned_households,
    planned_people = t.planned_people + excluded.planned_people;
  GET DIAGNOSTICS folded = ROW_COUNT;
  RETURN folded;
END $$;

-- Timetable (时间表) -------------------------------------------------------------------------
-- Planned exit year of a prefecture-level unit, county, township or village. relief_year is
-- 神农架's "两年解困" step; batch is 天门's exit batch of a village.
CREATE TABLE region_plans (
  code          text COLLATE "C" PRIMARY KEY REFERENCES regions (code),
  exit_year     integer NOT NULL CHECK (exit_year BETWEEN 2014 AND 2030),
  relief_year   integer CHECK (relief_year BETWEEN 2014 AND 2030),
  batch         integer CHECK (batch BETWEEN 1 AND 20),
  note          text,
  version       integer NOT NULL DEFAULT 1,
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (length(code) > 2)
);

-- Planned households and people exiting in a village per year; regions above a village read
-- the sums from region_year_counts (planned_households, planned_people).
CREATE TABLE region_plan_years (
  code          text COLLATE "C" NOT NULL REFERENCES regions (code),
  year          integer NOT NULL CHECK (year BETWEEN 2014 AND 2030),
  households    integer NOT NULL CHECK (households >= 0),
  people        integer NOT NULL CHECK (people >= 0),
  PRIMARY KEY (code, year),
  CHECK (length(code) = 12)
);

CREATE FUNCTION fupin_progress_plans_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM fupin_progress_add_plans(array_agg(n.code), array_agg(n.year), array_agg(n.households), array_agg(n.people), 1)
      FROM new_rows n HAVING count(*) > 0;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM fupin_progress_add_plans(array_agg(o.code), array_agg(o.year), array_agg(o.households), array_agg(o.people), -1)
      FROM old_rows o HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER region_plan_years_progress_insert AFTER INSERT ON region_plan_years
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_plans_changed();
CREATE TRIGGER region_plan_years_progress_update AFTER UPDATE ON region_plan_years
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_plans_changed();
CREATE TRIGGER region_plan_years_progress_delete AFTER DELETE ON region_plan_years
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_plans_changed();

-- Rebuilds the kept aggregates from households and region_plan_years, one county at a time
-- through the same delta path the triggers use, then folds everything. Writers wait while it
-- runs (the lock on region_count_deltas), so no change is counted twice or lost.
CREATE FUNCTION fupin_progress_recount() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  county text;
  total integer := 0;
  folded integer;
BEGIN
  LOCK TABLE region_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM region_year_counts;
  DELETE FROM region_count_deltas;
  FOR county IN SELECT DISTINCT county_code FROM households ORDER BY 1 LOOP
    PERFORM fupin_progress_add_facts(array_agg(ROW(h.village_code, coalesce(h.exit_year, 0), 1, h.status, h.size, h.main_cause)::fupin_household_fact))
      FROM households h WHERE h.county_code = county;
  END LOOP;
  PERFORM fupin_progress_add_plans(array_agg(p.code), array_agg(p.year), array_agg(p.households), array_agg(p.people), 1)
    FROM region_plan_years p HAVING count(*) > 0;
  LOOP
    SELECT fupin_progress_fold(100000) INTO folded;
    total := total + folded;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM region_count_deltas);
  END LOOP;
  RETURN total;
END $$;

-- A TRUNCATE of the registry (generator --replace) empties the household figures.
CREATE FUNCTION fupin_progress_households_truncated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM fupin_progress_recount();
  RETURN NULL;
END $$;
CREATE TRIGGER households_progress_truncate AFTER TRUNCATE ON households
  FOR EACH STATEMENT EXECUTE FUNCTION fupin_progress_households_truncated();

-- Rural population (农村户籍人口) per region, the denominator of the poverty incidence; every
-- level holds the sum of its villages. Loaded by the progress seed; recomputed with it.
CREATE TABLE region_populations (
  code              text COLLATE "C" PRIMARY KEY,
  rural_population  integer NOT NULL CHECK (rural_population >= 0)
);

-- Word bulletins (简报) generated by the progress.bulletin job; `figures` is the snapshot that
-- the next bulletin compares against.
CREATE TABLE progress_bulletins (
  id              bigserial PRIMARY KEY,
  region_code     text COLLATE "C" NOT NULL REFERENCES regions (code),
  year            integer NOT NULL,
  period          text NOT NULL,
  title           text NOT NULL,
  figures         jsonb NOT NULL,
  document        bytea NOT NULL,
  job_id          bigint,
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX progress_bulletins_region ON progress_bulletins (region_code, id);

ALTER TABLE region_year_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_year_counts_read ON region_year_counts FOR SELECT TO fupin_app USING (fupin_in_scope(code));
ALTER TABLE region_count_deltas ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_count_deltas_read ON region_count_deltas FOR SELECT TO fupin_app USING (fupin_in_scope(code));
ALTER TABLE region_populations ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_populations_read ON region_populations FOR SELECT TO fupin_app USING (fupin_in_scope(code));
GRANT SELECT ON region_year_counts, region_count_deltas, region_populations TO fupin_app;

ALTER TABLE region_plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_plans_read ON region_plans FOR SELECT TO fupin_app
  USING (fupin_in_scope(code) OR fupin_is_scope_ancestor(code));
CREATE POLICY region_plans_insert ON region_plans FOR INSERT TO fupin_app WITH CHECK (fupin_in_scope(code));
CREATE POLICY region_plans_update ON region_plans FOR UPDATE TO fupin_app
  USING (fupin_in_scope(code)) WITH CHECK (fupin_in_scope(code));
GRANT SELECT, INSERT, UPDATE ON region_plans TO fupin_app;

ALTER TABLE region_plan_years ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_plan_years_scope ON region_plan_years FOR ALL TO fupin_app
  USING (fupin_in_scope(code)) WITH CHECK (fupin_in_scope(code));
GRANT SELECT, INSERT, UPDATE, DELETE ON region_plan_years TO fupin_app;

ALTER TABLE progress_bulletins ENABLE ROW LEVEL SECURITY;
CREATE POLICY progress_bulletins_scope ON progress_bulletins FOR ALL TO fupin_app
  USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code));
GRANT SELECT, INSERT ON progress_bulletins TO fupin_app;
GRANT USAGE ON SEQUENCE progress_bulletins_id_seq TO fupin_app;

REVOKE ALL ON FUNCTION fupin_progress_add_facts(fupin_household_fact[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION fupin_progress_add_plans(text[], integer[], integer[], integer[], integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION fupin_progress_recount() FROM PUBLIC;
REVOKE ALL ON FUNCTION fupin_progress_fold(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_progress_fold(integer), fupin_progress_recount() TO fupin_app;
