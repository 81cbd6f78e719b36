-- Exit (脱贫 / 出列 / 摘帽): the standards as versioned configuration, the facts officers enter
-- for villages and counties, evaluation runs with their results (each failed criterion kept as
-- {criterion, code, params}), and the exit procedures of households, villages and counties.
-- Large tables are keyed by (county_code, …) for Citus; scope policies use the region code.

-- The standards: one row per saved edit, the newest is in force; none means the code defaults
-- (packages/domain/src/exit/standards.ts).
CREATE TABLE exit_standards (
  id          bigserial PRIMARY KEY,
  config      jsonb NOT NULL,
  note        text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON exit_standards TO fupin_app;
GRANT USAGE ON SEQUENCE exit_standards_id_seq TO fupin_app;

-- The rural population a village has when none was entered: a deterministic stand-in documented
-- in packages/domain/src/exit/population.ts (800 + code × 7919 mod 1751 for a 村委会, 0 for a
-- 居委会 community; Hubei then holds ≈39.5 million rural people, the 2014 rate of 14.7%).
CREATE FUNCTION fupin_default_rural_population(code text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN length(code) = 12 AND substr(code, 10, 3)::int >= 200
              THEN 800 + ((code::numeric * 7919) % 1751)::int ELSE 0 END
$$;

-- What an officer enters for a village and year.
CREATE TABLE village_year_facts (
  county_code       text COLLATE "C" NOT NULL,
  village_code      text COLLATE "C" NOT NULL REFERENCES regions (code),
  year              integer NOT NULL,
  collective_income numeric(14, 2) CHECK (collective_income >= 0),
  disposable_income numeric(12, 2) CHECK (disposable_income >= 0),
  rural_population  integer CHECK (rural_population >= 0),
  six_standards     jsonb NOT NULL DEFAULT '{}',
  updated_by        text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, village_code, year),
  CHECK (left(village_code, 6) = county_code)
);

-- The third-party evaluation's sample figures of a county and year ("三率一度").
CREATE TABLE county_assessments (
  county_code        text COLLATE "C" NOT NULL REFERENCES regions (code),
  year               integer NOT NULL,
  sampled_exited     integer NOT NULL CHECK (sampled_exited >= 0),
  wrongly_exited     integer NOT NULL CHECK (wrongly_exited >= 0 AND wrongly_exited <= sampled_exited),
  sampled_population integer NOT NULL CHECK (sampled_population >= 0),
  missed             integer NOT NULL CHECK (missed >= 0 AND missed <= sampled_population),
  surveyed           integer NOT NULL CHECK (surveyed >= 0),
  satisfied          integer NOT NULL CHECK (satisfied >= 0 AND satisfied <= surveyed),
  updated_by         text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, year)
);

-- One evaluation of a year under a region (the job's region), with the standards it used.
CREATE TABLE exit_evaluations (
  id              bigserial PRIMARY KEY,
  year            integer NOT NULL,
  region_code     text COLLATE "C" NOT NULL,
  standards_id    bigint REFERENCES exit_standards (id),
  standards       jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  counties_total  integer NOT NULL DEFAULT 0,
  counties_done   integer NOT NULL DEFAULT 0,
  job_id          bigint REFERENCES jobs (id),
  created_by      text NOT NULL,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX exit_evaluations_region ON exit_evaluations (region_code, year, id);

CREATE TABLE household_exit_results (
  county_code   text COLLATE "C" NOT NULL,
  household_id  bigint NOT NULL,
  year          integer NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  evaluation_id bigint,
  eligible      boolean NOT NULL,
  -- Every failed criterion: [{criterion, code, params}], empty when eligible.
  reasons       jsonb NOT NULL,
  failed        text[] NOT NULL,
  per_capita    numeric(12, 2),
  line          numeric(12, 2),
  -- The household's size and whether it was still poor (未脱贫/返贫) when evaluated: the village
  -- test counts the people of poor households that fail, from this table alone.
  size          integer NOT NULL,
  poor          boolean NOT NULL,
  evaluated_at  timestamptz NOT NULL DEFAULT now(),
  -- No foreign key to households: checking it costs ≈35 µs a row, a third of the evaluation's
  -- time; every evaluation of a county replaces all its rows, and lists join the households.
  PRIMARY KEY (county_code, household_id, year)
);
CREATE INDEX household_exit_results_list ON household_exit_results (year, village_code, household_id);

CREATE TABLE village_exit_results (
  county_code      text COLLATE "C" NOT NULL,
  village_code     text COLLATE "C" NOT NULL,
  year             integer NOT NULL,
  evaluation_id    bigint,
  eligible         boolean NOT NULL,
  poor_people      integer NOT NULL,
  rural_population integer NOT NULL,
  reasons          jsonb NOT NULL,
  failed           text[] NOT NULL,
  -- A household of the village changed (or relapsed) after this result: evaluate again.
  stale            boolean NOT NULL DEFAULT false,
  evaluated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, village_code, year)
);
CREATE INDEX village_exit_results_list ON village_exit_results (year, village_code);

CREATE TABLE county_exit_results (
  county_code      text COLLATE "C" NOT NULL,
  year             integer NOT NULL,
  evaluation_id    bigint,
  eligible         boolean NOT NULL,
  poor_people      integer NOT NULL,
  rural_population integer NOT NULL,
  reasons          jsonb NOT NULL,
  failed           text[] NOT NULL,
  stale            boolean NOT NULL DEFAULT false,
  evaluated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, year)
);

-- Exit procedures: one case per household, village or county and year, each step a row.
CREATE SEQUENCE exit_cases_id_seq;
CREATE TABLE exit_cases (
  county_code      text COLLATE "C" NOT NULL,
  id               bigint NOT NULL DEFAULT nextval('exit_cases_id_seq'),
  level            text NOT NULL CHECK (level IN ('household', 'village', 'county')),
  region_code      text COLLATE "C" NOT NULL REFERENCES regions (code),
  household_id     bigint,
  subject_name     text NOT NULL,
  year             integer NOT NULL,
  stage            text NOT NULL DEFAULT 'proposed',
  notice_started_at timestamptz,
  -- The evaluation result the proposal rested on.
  basis            jsonb NOT NULL,
  relapsed_at      timestamptz,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(region_code, 6) = county_code),
  CHECK ((level = 'household') = (household_id IS NOT NULL))
);
CREATE INDEX exit_cases_region ON exit_cases (region_code, level, stage);
-- At most one open case per household, village or county.
CREATE UNIQUE INDEX exit_cases_open_household ON exit_cases (county_code, household_id)
  WHERE level = 'household' AND stage NOT IN ('exited', 'rejected');
CREATE UNIQUE INDEX exit_cases_open_region ON exit_cases (region_code, level)
  WHERE level <> 'household' AND stage NOT IN ('exited', 'rejected');

CREATE SEQUENCE exit_steps_id_seq;
CREATE TABLE exit_steps (
  county_code  text COLLATE "C" NOT NULL,
  id           bigint NOT NULL DEFAULT nextval('exit_steps_id_seq'),
  case_id      bigint NOT NULL,
  region_code  text COLLATE "C" NOT NULL,
  step         text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('pass', 'fail')),
  note         text,
  objection    text,
  details      jsonb,
  actor_id     bigint,
  actor_name   text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  FOREIGN KEY (county_code, case_id) REFERENCES exit_cases (county_code, id)
);
CREATE INDEX exit_steps_case ON exit_steps (county_code, case_id, id);

-- Villages and counties announced as exited (出列 / 摘帽), one row each.
CREATE TABLE region_exits (
  region_code  text COLLATE "C" PRIMARY KEY REFERENCES regions (code),
  county_code  text COLLATE "C" NOT NULL,
  level        text NOT NULL CHECK (level IN ('village', 'county')),
  year         integer NOT NULL,
  case_id      bigint NOT NULL,
  exited_at    timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['village_year_facts', 'household_exit_results', 'village_exit_results'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(village_code)) WITH CHECK (fupin_in_scope(village_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fupin_app', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['county_assessments', 'county_exit_results'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(county_code)) WITH CHECK (fupin_in_scope(county_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fupin_app', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['exit_cases', 'exit_steps', 'region_exits'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO fupin_app', t);
  END LOOP;
END $$;
-- An evaluation run covers a region and everything under it: users below that region read the run
-- (year, region, progress, who started it) to know how fresh their results are.
ALTER TABLE exit_evaluations ENABLE ROW LEVEL SECURITY;
CREATE POLICY exit_evaluations_read ON exit_evaluations FOR SELECT TO fupin_app
  USING (fupin_in_scope(region_code) OR fupin_is_scope_ancestor(region_code));
CREATE POLICY exit_evaluations_insert ON exit_evaluations FOR INSERT TO fupin_app WITH CHECK (fupin_in_scope(region_code));
CREATE POLICY exit_evaluations_update ON exit_evaluations FOR UPDATE TO fupin_app
  USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code));
GRANT SELECT, INSERT, UPDATE ON exit_evaluations TO fupin_app;
GRANT USAGE ON SEQUENCE exit_evaluations_id_seq, exit_cases_id_seq, exit_steps_id_seq TO fupin_app;

-- The region of an exit case, read past row-level security: another region's case is answered
-- 403 rather than 404.
CREATE FUNCTION fupin_exit_case_region(county text, case_id bigint) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT region_code FROM exit_cases WHERE county_code = county AND id = case_id
$$;
REVOKE ALL ON FUNCTION fupin_exit_case_region(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_exit_case_region(text, bigint) TO fupin_app;

-- Marks a village's results for a year, and its county's, as needing a new evaluation. The county
-- row lies outside a village team's scope, hence SECURITY DEFINER; the village must be in scope.
CREATE FUNCTION fupin_exit_mark_stale(village text, for_year integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE village_exit_results SET stale = true
   WHERE county_code = left(village, 6) AND village_code = village AND year = for_year AND fupin_in_scope(village);
  UPDATE county_exit_results SET stale = true
   WHERE county_code = left(village, 6) AND year = for_year AND fupin_in_scope(village);
$$;
REVOKE ALL ON FUNCTION fupin_exit_mark_stale(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_exit_mark_stale(text, integer) TO fupin_app;

-- The standards an evaluated year of a county was judged by (the evaluation may have been run by
-- the province, outside a village team's scope), so that re-evaluating one household after a
-- change uses the same standards as its neighbours. Only for callers inside the county.
CREATE FUNCTION fupin_exit_standards_for(county text, for_year integer) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT e.standards FROM county_exit_results c JOIN exit_evaluations e ON e.id = c.evaluation_id
   WHERE c.county_code = county AND c.year = for_year
     AND (fupin_in_scope(county) OR left(fupin_scope(), 6) = county)
$$;
REVOKE ALL ON FUNCTION fupin_exit_standards_for(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_exit_standards_for(text, integer) TO fupin_app;
