-- Household plans (一户一策), delivered measures (帮扶措施), visits (走访) with photos, work team
-- attendance (驻村考勤), and the issued "十个到户" wall cards with the key that signs their QR codes.
-- Region-owned tables are keyed by (county_code, id) like the registry and carry the village code
-- for the scope policy. Like pairings (006), they name their household without a foreign key:
-- households are never deleted (closing one is a status), and the generator's `--replace`
-- truncates the registry tables alone. Measure types and statuses are the identifiers of packages/domain
-- (assistance-plans/measures.ts, plans.ts).

CREATE SEQUENCE household_plan_items_id_seq;
CREATE TABLE household_plan_items (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('household_plan_items_id_seq'),
  household_id  bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  measure_type  text NOT NULL CHECK (measure_type IN ('industry', 'tourism', 'transport', 'water', 'power',
                  'housing', 'relocation', 'health', 'education', 'socialSecurity', 'employment', 'culture',
                  'land', 'microcredit', 'insurance')),
  target        text NOT NULL CHECK (length(target) BETWEEN 1 AND 200),
  target_fen    bigint CHECK (target_fen >= 0),
  due_on        date NOT NULL,
  status        text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'inProgress', 'done', 'cancelled')),
  cadre_id      bigint REFERENCES cadres (id),
  version       integer NOT NULL DEFAULT 1,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code)
);
CREATE INDEX household_plan_items_household ON household_plan_items (county_code, household_id, id);
-- Region progress reads only these columns: an index-only scan over the village range.
CREATE INDEX household_plan_items_village ON household_plan_items (village_code, household_id)
  INCLUDE (status, due_on, target_fen);

CREATE SEQUENCE household_measures_id_seq;
CREATE TABLE household_measures (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('household_measures_id_seq'),
  household_id  bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  measure_type  text NOT NULL CHECK (measure_type IN ('industry', 'tourism', 'transport', 'water', 'power',
                  'housing', 'relocation', 'health', 'education', 'socialSecurity', 'employment', 'culture',
                  'land', 'microcredit', 'insurance')),
  content       text NOT NULL CHECK (length(content) BETWEEN 1 AND 500),
  measured_on   date NOT NULL,
  amount_fen    bigint CHECK (amount_fen >= 0),
  quantity      numeric(14, 2) CHECK (quantity > 0),
  unit          text,
  plan_item_id  bigint,
  beneficiary_ids bigint[] NOT NULL DEFAULT '{}',
  cadre_id      bigint REFERENCES cadres (id),
  recorded_by   bigint,
  recorded_by_name text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  FOREIGN KEY (county_code, plan_item_id) REFERENCES household_plan_items (county_code, id),
  CHECK (left(village_code, 6) = county_code),
  CHECK (amount_fen IS NOT NULL OR quantity IS NOT NULL),
  CHECK (quantity IS NULL OR unit IS NOT NULL)
);
CREATE INDEX household_measures_household ON household_measures (county_code, household_id, measured_on, id);
CREATE INDEX household_measures_plan_item ON household_measures (county_code, plan_item_id) WHERE plan_item_id IS NOT NULL;
CREATE INDEX household_measures_village ON household_measures (village_code, measured_on);

CREATE SEQUENCE household_visits_id_seq;
CREATE TABLE household_visits (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('household_visits_id_seq'),
  household_id  bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  visited_on    date NOT NULL,
  cadre_id      bigint NOT NULL REFERENCES cadres (id),
  note          text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  latitude      numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
  longitude     numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
  recorded_by   bigint,
  recorded_by_name text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  CHECK (left(village_code, 6) = county_code),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX household_visits_household ON household_visits (county_code, household_id, visited_on, id);
CREATE INDEX household_visits_village ON household_visits (village_code, visited_on);

-- Photos are kept in the database, not in files: they are personal data, so the same row-level
-- security guards them as their visit; they commit or roll back with the visit and its audit
-- entry; every server process (and a backup) sees them without a shared disk. At most 6 per
-- visit and 5 MiB each (domain MAX_VISIT_PHOTOS, MAX_PHOTO_BYTES) keeps the table modest.
CREATE SEQUENCE visit_photos_id_seq;
CREATE TABLE visit_photos (
  county_code   text COLLATE "C" NOT NULL,
  id            bigint NOT NULL DEFAULT nextval('visit_photos_id_seq'),
  visit_id      bigint NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
  sha256        text NOT NULL,
  data          bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, id),
  FOREIGN KEY (county_code, visit_id) REFERENCES household_visits (county_code, id) ON DELETE CASCADE
);
-- Images are compressed already.
ALTER TABLE visit_photos ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX visit_photos_visit ON visit_photos (county_code, visit_id, id);

-- Attendance of work team members: one row per member and day, in the village or away.
CREATE TABLE work_team_days (
  county_code   text COLLATE "C" NOT NULL,
  team_id       bigint NOT NULL,
  cadre_id      bigint NOT NULL REFERENCES cadres (id),
  day           date NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  in_village    boolean NOT NULL,
  note          text,
  recorded_by_name text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (county_code, team_id, cadre_id, day),
  FOREIGN KEY (county_code, team_id) REFERENCES work_teams (county_code, id) ON DELETE CASCADE
);
CREATE INDEX work_team_days_team ON work_team_days (county_code, team_id, day);

-- Each printed wall card is a version: its content (household data masked) as printed and a
-- digest of it; the QR code carries a signed (household, version), so a posted card can be
-- checked against the latest version and the household's current data.
CREATE TABLE wall_cards (
  county_code   text COLLATE "C" NOT NULL,
  household_id  bigint NOT NULL,
  version       integer NOT NULL CHECK (version >= 1),
  village_code  text COLLATE "C" NOT NULL,
  digest        text NOT NULL,
  content       jsonb NOT NULL,
  issued_at     timestamptz NOT NULL DEFAULT now(),
  issued_by_name text NOT NULL,
  PRIMARY KEY (county_code, household_id, version)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['household_plan_items', 'household_measures', 'household_visits', 'visit_photos',
                           'work_team_days', 'wall_cards'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO fupin_app USING (fupin_in_scope(village_code)) WITH CHECK (fupin_in_scope(village_code))', t || '_scope', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON household_plan_items, work_team_days TO fupin_app;
-- Delivered measures, visits, photos and issued cards are records: kept, never edited in place.
GRANT SELECT, INSERT ON household_measures, household_visits, visit_photos, wall_cards TO fupin_app;
GRANT USAGE ON SEQUENCE household_plan_items_id_seq, household_measures_id_seq, household_visits_id_seq,
  visit_photos_id_seq TO fupin_app;

-- The key that signs wall-card QR codes (HMAC-SHA256), made once here from the server's strong
-- random source (gen_random_uuid: 122 random bits each, two of them). Replacing it invalidates
-- every printed card.
CREATE TABLE signing_keys (
  purpose     text PRIMARY KEY,
  secret      bytea NOT NULL CHECK (length(secret) >= 32),
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO signing_keys (purpose, secret)
  VALUES ('wall_card', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
GRANT SELECT ON signing_keys TO fupin_app;
