-- Registry (建档立卡): households, members, yearly incomes and yearly history.
-- Every table is keyed by (county_code, id) so that it can be distributed by county in Citus;
-- scope checks use the village code (a prefix range). ID-number uniqueness across the whole
-- registry lives in person_ids, keyed by the ID number alone (distributable by it).

CREATE SEQUENCE households_id_seq;
CREATE TABLE households (
  county_code     text COLLATE "C" NOT NULL,
  id              bigint NOT NULL DEFAULT nextval('households_id_seq'),
  village_code    text COLLATE "C" NOT NULL REFERENCES regions (code),
  group_name      text,
  household_no    text NOT NULL,
  head_name       text NOT NULL,
  phone           text,
  bank_name       text,
  bank_account    text,
  identification_standard text NOT NULL DEFAULT '国家',
  attribute       text NOT NULL,
  main_cause      text NOT NULL,
  other_causes    text[] NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT '未脱贫',
  first_identified text,                 -- 'YYYY-MM'
  exit_year       integer,
  relocation_method text,
  relocation_willing boolean,
  size            integer NOT NULL DEFAULT 0,
  -- Latest year's figures, kept on the household for filtering and lists.
  income_year     integer,
  per_capita_income numeric(12, 2),
  -- Living conditions (生产生活条件): the ones rules read are columns, the rest in `living`.
  house_grade     text CHECK (house_grade IN ('A', 'B', 'C', 'D')),
  water_safe      boolean,
  water_difficult boolean,
  living          jsonb NOT NULL DEFAULT '{}',
  -- Labels written by the data generator for records that deliberately break a rule.
  generated_flaws text[] NOT NULL DEFAULT '{}',
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code)
);
CREATE UNIQUE INDEX households_no ON households (county_code, household_no);
CREATE INDEX households_village ON households (village_code, id);
CREATE INDEX households_head ON households (head_name);

CREATE SEQUENCE members_id_seq;
CREATE TABLE members (
  county_code     text COLLATE "C" NOT NULL,
  id              bigint NOT NULL DEFAULT nextval('members_id_seq'),
  household_id    bigint NOT NULL,
  village_code    text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  sex             text NOT NULL CHECK (sex IN ('男', '女')),
  id_number       text NOT NULL,
  disability_cert text,
  birth_date      date,
  relation        text NOT NULL,
  ethnicity       text,
  political_status text,
  education       text,
  school_status   text,
  health          text,
  labour_skill    text,
  months_worked   integer,
  work_place      text,
  has_medical_insurance boolean,
  has_critical_illness_insurance boolean,
  has_resident_pension boolean,
  receives_dibao  boolean,
  PRIMARY KEY (county_code, id),
  FOREIGN KEY (county_code, household_id) REFERENCES households (county_code, id) ON DELETE CASCADE
);
CREATE INDEX members_household ON members (county_code, household_id);
CREATE INDEX members_id_number ON members (id_number);
CREATE INDEX members_name ON members (name);

-- One row per ID number in the whole registry: the province-wide uniqueness check.
CREATE TABLE person_ids (
  id_number    text PRIMARY KEY,
  county_code  text COLLATE "C" NOT NULL,
  member_id    bigint NOT NULL,
  household_id bigint NOT NULL,
  village_code text COLLATE "C" NOT NULL
);

CREATE TABLE household_incomes (
  county_code   text COLLATE "C" NOT NULL,
  household_id  bigint NOT NULL,
  year          integer NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  wages         numeric(12, 2) NOT NULL DEFAULT 0,
  business      numeric(12, 2) NOT NULL DEFAULT 0,
  property      numeric(12, 2) NOT NULL DEFAULT 0,
  transfer_family_planning numeric(12, 2) NOT NULL DEFAULT 0,
  transfer_dibao numeric(12, 2) NOT NULL DEFAULT 0,
  transfer_destitute numeric(12, 2) NOT NULL DEFAULT 0,
  transfer_pension numeric(12, 2) NOT NULL DEFAULT 0,
  transfer_eco  numeric(12, 2) NOT NULL DEFAULT 0,
  transfer_other numeric(12, 2) NOT NULL DEFAULT 0,
  business_expenses numeric(12, 2) NOT NULL DEFAULT 0,
  net_income    numeric(12, 2) NOT NULL,
  per_capita    numeric(12, 2),
  PRIMARY KEY (county_code, household_id, year),
  FOREIGN KEY (county_code, household_id) REFERENCES households (county_code, id) ON DELETE CASCADE
);

-- The state of each household at the end of each year, and the changes that led to it.
CREATE TABLE household_history (
  county_code   text COLLATE "C" NOT NULL,
  id            bigserial,
  household_id  bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  year          integer NOT NULL,
  change        text NOT NULL,
  reason        text,
  snapshot      jsonb NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id)
);
CREATE INDEX household_history_household ON household_history (county_code, household_id, year);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['households', 'members', 'person_ids', 'household_incomes', 'household_history'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(village_code)) WITH CHECK (fupin_in_scope(village_code))', t || '_scope', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fupin_app', t);
  END LOOP;
END $$;
GRANT USAGE ON SEQUENCE households_id_seq, members_id_seq, household_history_id_seq TO fupin_app;

-- Who holds an ID number, read past row-level security, so that a conflict with a household
-- in another region is reported as a conflict (the caller learns no name or region).
CREATE FUNCTION fupin_id_owner(id text) RETURNS TABLE (id_number text, county_code text, household_id bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id_number, p.county_code, p.household_id FROM person_ids p WHERE p.id_number = id
$$;
REVOKE ALL ON FUNCTION fupin_id_owner(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_id_owner(text) TO fupin_app;

-- The village of a household, read past row-level security: a request for a household outside
-- the caller's region is answered 403 rather than 404.
CREATE FUNCTION fupin_household_village(county text, household bigint) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT village_code FROM households WHERE county_code = county AND id = household
$$;
REVOKE ALL ON FUNCTION fupin_household_village(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_household_village(text, bigint) TO fupin_app;
