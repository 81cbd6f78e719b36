-- The audit chain for many entries in one transaction (a 2-million-household import writes one
-- entry per household). 001 updated the audit_head row once per entry: inside one transaction each
-- update adds a row version that the next entry's read has to step over, so n entries cost O(n²).
-- Now the row trigger keeps the transaction's newest link in a transaction-local setting and the
-- head row is written once per statement. A rolled-back savepoint reverts both, as before.

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
  PERFORM set_config('fupin.audit_tail', NEW.id::text || ':' || NEW.hash, true);
  RETURN NEW;
END $$;

-- After each statement that added entries: the head row holds the newest link.
CREATE FUNCTION fupin_audit_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  tail text := current_setting('fupin.audit_tail', true);
BEGIN
  IF tail IS NULL OR tail = '' THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_head (last_id, last_hash) VALUES (split_part(tail, ':', 1)::bigint, split_part(tail, ':', 2))
    ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_head_after AFTER INSERT ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION fupin_audit_head();
