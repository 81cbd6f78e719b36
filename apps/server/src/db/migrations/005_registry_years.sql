-- Registry years (动态调整): a year is opened once for the whole deployment; opening carries every
-- household's state forward into household_history (the job registry.openYear).
CREATE TABLE registry_years (
  year          integer PRIMARY KEY,
  opened_at     timestamptz NOT NULL DEFAULT now(),
  opened_by     text NOT NULL
);
GRANT SELECT, INSERT ON registry_years TO fupin_app;

-- One carried-forward snapshot per household and year.
CREATE UNIQUE INDEX household_history_carried ON household_history (county_code, household_id, year) WHERE change = 'carried';
