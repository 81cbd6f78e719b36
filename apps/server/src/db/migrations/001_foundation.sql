-- Foundation: application role, scope helpers, region tree, users, sessions, audit log, jobs.
-- Every region-owned table carries a region code (COLLATE "C", so that prefix ranges are plain
-- byte ranges that a b-tree can scan) and a row-level security policy on that code.

DO $$ BEGIN
  CREATE ROLE fupin_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO fupin_app;

-- The acting region scope of the current transaction, set by the server per request.
-- '*' is the system scope (everything); unset or empty means nothing at all ('~' sorts after
-- every digit, so the range below is empty).
CREATE FUNCTION fupin_scope() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE coalesce(current_setting('fupin.scope', true), '')
           WHEN '*' THEN ''
           WHEN '' THEN '~'
           ELSE current_setting('fupin.scope', true)
         END
$$;

-- True when a region code lies inside the current scope. ':' is the character after '9'.
CREATE FUNCTION fupin_in_scope(code text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT code COLLATE "C" >= fupin_scope() COLLATE "C" AND code COLLATE "C" < (fupin_scope() || ':') COLLATE "C"
$$;

-- True when a region code is an ancestor of the scope (visible for breadcrumbs only).
CREATE FUNCTION fupin_is_scope_ancestor(code text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT fupin_scope() <> '~' AND left(fupin_scope(), length(code)) = code
$$;

CREATE FUNCTION fupin_user_id() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('fupin.user_id', true), '')::bigint
$$;

-- Region tree ------------------------------------------------------------------------------
CREATE TABLE regions (
  code          text COLLATE "C" PRIMARY KEY,
  name          text NOT NULL,
  level         text NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'township', 'village')),
  parent_code   text COLLATE "C" REFERENCES regions (code),
  kind          text CHECK (kind IN ('subdistrict', 'town', 'township', 'community', 'village')),
  is_direct     boolean NOT NULL DEFAULT false,
  -- Poor designation (贫困县/乡镇/村), null when not designated.
  poor_designation text CHECK (poor_designation IN ('national', 'provincial', 'city')),
  poor_since    integer,
  exit_year     integer,
  extremely_poor boolean NOT NULL DEFAULT false,
  key_poor      boolean NOT NULL DEFAULT false,
  poor_note     text,
  version       integer NOT NULL DEFAULT 1
);
CREATE INDEX regions_parent ON regions (parent_code, code);
CREATE INDEX regions_level ON regions (level, code);

-- Subtree counts per region, recomputed set-based (job regions.recount) after tree changes.
CREATE TABLE region_stats (
  code          text COLLATE "C" PRIMARY KEY REFERENCES regions (code),
  prefectures   integer NOT NULL,
  counties      integer NOT NULL,
  townships     integer NOT NULL,
  villages      integer NOT NULL,
  poor_counties integer NOT NULL,
  poor_townships integer NOT NULL,
  poor_villages integer NOT NULL,
  computed_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE regions ENABLE ROW LEVEL SECURITY;
CREATE POLICY regions_read ON regions FOR SELECT TO fupin_app
  USING (fupin_in_scope(code) OR fupin_is_scope_ancestor(code));
CREATE POLICY regions_write ON regions FOR UPDATE TO fupin_app
  USING (fupin_in_scope(code)) WITH CHECK (fupin_in_scope(code));
GRANT SELECT, UPDATE ON regions TO fupin_app;

ALTER TABLE region_stats ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_stats_read ON region_stats FOR SELECT TO fupin_app
  USING (fupin_in_scope(code) OR fupin_is_scope_ancestor(code));
CREATE POLICY region_stats_write ON region_stats FOR ALL TO fupin_app
  USING (fupin_in_scope(code)) WITH CHECK (fupin_in_scope(code));
GRANT SELECT, INSERT, UPDATE, DELETE ON region_stats TO fupin_app;

-- Users and sessions -------------------------------------------------------------------------
CREATE TABLE users (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  role            text NOT NULL,
  region_code     text COLLATE "C" NOT NULL REFERENCES regions (code),
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  last_login_at   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1
);
CREATE INDEX users_region ON users (region_code);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_scope ON users FOR ALL TO fupin_app
  USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code));
GRANT SELECT, INSERT, UPDATE ON users TO fupin_app;
GRANT USAGE ON SEQUENCE users_id_seq TO fupin_app;

-- The home region of any user, read past row-level security, so that a request for a user
-- outside the caller's region is answered 403 rather than 404. It reveals no other field.
CREATE FUNCTION fupin_user_region(user_id bigint) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $$ SELECT region_code FROM users WHERE id = user_id $$;
REVOKE ALL ON FUNCTION fupin_user_region(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fupin_user_region(bigint) TO fupin_app;

-- Sessions are looked up by the hash of the cookie token; the token itself is never stored.
CREATE TABLE sessions (
  id            text PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_user ON sessions (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO fupin_app;

-- Audit log: append-only for the application role, hash-chained --------------------------------
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    bigint DEFAULT fupin_user_id(),
  actor_name  text NOT NULL DEFAULT coalesce(nullif(current_setting('fupin.actor_name', true), ''), 'system'),
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  region_code text COLLATE "C",
  before      jsonb,
  after       jsonb,
  request_id  text DEFAULT nullif(current_setting('fupin.request_id', true), ''),
  ip          text DEFAULT nullif(current_setting('fupin.ip', true), ''),
  prev_hash   text,
  hash        text NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_region ON audit_log (region_code, id);

-- The newest link of the chain, so that deleting the last entries is detected too.
CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL,
  last_hash text NOT NULL
);

-- The canonical text of an entry that its hash covers.
CREATE FUNCTION fupin_audit_hash(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    a.id::text,
    to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(a.actor_id::text, ''), a.actor_name, a.action, a.entity,
    coalesce(a.entity_id, ''), coalesce(a.region_code, ''),
    coalesce(a.before::text, ''), coalesce(a.after::text, ''),
    coalesce(a.request_id, ''), coalesce(a.ip, ''), coalesce(a.prev_hash, '')), 'UTF8')), 'hex')
$$;

-- Links each new entry to the previous one. The advisory lock serialises writers for the few
-- microseconds between reading the head and writing the new one.
CREATE FUNCTION fupin_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  head audit_head;
BEGIN
  PERFORM pg_advisory_xact_lock(7262021);
  SELECT * INTO head FROM audit_head;
  IF NOT FOUND THEN
    NEW.prev_hash := NULL;
    NEW.hash := fupin_audit_hash(NEW);
    INSERT INTO audit_head (last_id, last_hash) VALUES (NEW.id, NEW.hash);
  ELSE
    NEW.prev_hash := head.last_hash;
    NEW.hash := fupin_audit_hash(NEW);
    UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fupin_audit_chain();

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_log FOR SELECT TO fupin_app
  USING (fupin_scope() = '' OR (region_code IS NOT NULL AND fupin_in_scope(region_code)));
CREATE POLICY audit_insert ON audit_log FOR INSERT TO fupin_app WITH CHECK (true);
GRANT SELECT, INSERT ON audit_log TO fupin_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO fupin_app;
GRANT SELECT ON audit_head TO fupin_app;

-- Background jobs --------------------------------------------------------------------------
CREATE TABLE jobs (
  id              bigserial PRIMARY KEY,
  type            text NOT NULL,
  status          text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  payload         jsonb NOT NULL DEFAULT '{}',
  -- The checkpoint a resumed run continues from; written in the same transaction as each chunk.
  state           jsonb,
  result          jsonb,
  error           text,
  progress_done   bigint NOT NULL DEFAULT 0,
  progress_total  bigint,
  attempts        integer NOT NULL DEFAULT 0,
  max_attempts    integer NOT NULL DEFAULT 3,
  cancel_requested boolean NOT NULL DEFAULT false,
  created_by      bigint REFERENCES users (id),
  created_by_name text NOT NULL,
  region_code     text COLLATE "C" NOT NULL,
  scope           text NOT NULL,
  worker_id       text,
  heartbeat_at    timestamptz,
  run_after       timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz
);
CREATE INDEX jobs_pending ON jobs (status, run_after, id) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_region ON jobs (region_code, id);

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_scope ON jobs FOR ALL TO fupin_app
  USING (fupin_in_scope(region_code)) WITH CHECK (fupin_in_scope(region_code));
GRANT SELECT, INSERT, UPDATE ON jobs TO fupin_app;
GRANT USAGE ON SEQUENCE jobs_id_seq TO fupin_app;

-- Settings that an administrator may edit (policy numbers live here, with their defaults in code).
CREATE TABLE settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON settings TO fupin_app;
