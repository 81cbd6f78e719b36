-- Identification (两公示一公告): cases with the proposed household, every step recorded with who,
-- when, outcome and objections, and the spot checks of the township and county reviews.

CREATE SEQUENCE identification_cases_id_seq;
CREATE TABLE identification_cases (
  county_code    text COLLATE "C" NOT NULL,
  id             bigint NOT NULL DEFAULT nextval('identification_cases_id_seq'),
  village_code   text COLLATE "C" NOT NULL REFERENCES regions (code),
  applicant_name text NOT NULL,
  proposal       jsonb NOT NULL,
  stage          text NOT NULL DEFAULT 'applied',
  notice_started_at timestamptz,
  household_key  text,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code)
);
CREATE INDEX identification_cases_village ON identification_cases (village_code, stage);

CREATE SEQUENCE spot_checks_id_seq;
CREATE TABLE spot_checks (
  county_code  text COLLATE "C" NOT NULL,
  id           bigint NOT NULL DEFAULT nextval('spot_checks_id_seq'),
  level        text NOT NULL CHECK (level IN ('township', 'county')),
  region_code  text COLLATE "C" NOT NULL,
  village_code text COLLATE "C" NOT NULL,  -- the region code, for the scope policy
  ratio        numeric(5, 4) NOT NULL,
  case_ids     bigint[] NOT NULL,
  sampled_ids  bigint[] NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id)
);

CREATE SEQUENCE identification_steps_id_seq;
CREATE TABLE identification_steps (
  county_code  text COLLATE "C" NOT NULL,
  id           bigint NOT NULL DEFAULT nextval('identification_steps_id_seq'),
  case_id      bigint NOT NULL,
  village_code text COLLATE "C" NOT NULL,
  step         text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('pass', 'fail')),
  note         text,
  objection    text,
  spot_check_id bigint,
  sampled      boolean NOT NULL DEFAULT false,
  finding      text,
  actor_id     bigint,
  actor_name   text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  FOREIGN KEY (county_code, case_id) REFERENCES identification_cases (county_code, id)
);
CREATE INDEX identification_steps_case ON identification_steps (county_code, case_id, id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['identification_cases', 'spot_checks', 'identification_steps'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(village_code)) WITH CHECK (fupin_in_scope(village_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO fupin_app', t);
  END LOOP;
END $$;
GRANT USAGE ON SEQUENCE identification_cases_id_seq, spot_checks_id_seq, identification_steps_id_seq TO fupin_app;

-- Administrators edit policy settings (the API allows it only to province-wide administrators).
GRANT INSERT, UPDATE ON settings TO fupin_app;
