-- The tamper-evident audit trail (可追溯): every event is chained to the one before it by a hash,
-- so that a change, deletion, insertion or reordering made directly in the database is found by
-- `npm run verify-trail` (src/commands/verifyTrail.ts recomputes every hash independently).
--
-- Two chains:
--  * per stream, at insert time, here in the database: each case is one stream, the admin events
--    (case_id NULL) another. hash = sha256(prev_hash || canonical bytes of the row), prev_hash = the
--    hash of the stream's previous event (by id), or 32 zero bytes for its first. Only the stream's
--    own lock is taken, so letters do not queue on one global row.
--  * global, sealed in the background (src/jobs/trailSealer.ts): in id order, seq = 1, 2, 3, …,
--    global_hash = sha256(global_prev || hash), global_prev = the global_hash of seq - 1 (32 zero
--    bytes for seq 1). It catches what a per-case chain alone cannot: a case's chain recomputed after
--    a change, the last events of a case deleted, a whole case's events deleted.
--
-- The canonical bytes of a row (version 1) are the UTF-8 bytes of
--   'trail1|' || F(id) || F(case_id) || F(at) || F(actor_kind) || F(actor_id) || F(actor_label)
--             || F(action) || F(note) || F(data)
-- where F(NULL) = '~' and F(x) = <length of x in UTF-8 bytes> ':' x ',' (a netstring: no separator
-- needs escaping, NULL and '' differ), numbers in decimal, `at` in UTC as YYYY-MM-DDTHH:MI:SS.ffffffZ
-- (microseconds), `data` as jsonb's text form (canonical: keys sorted, one spacing).
--
-- The event's id is taken inside the trigger, after the transaction has its own id and holds the
-- stream's lock: so a stream's order is its id order, and the sealer can tell from the sessions'
-- transaction ids which event ids may still be in flight (trailSealer.ts). The table is append-only: an UPDATE may only seal a
-- row once, a DELETE or TRUNCATE is refused (an attacker with DDL rights can get past that, and the
-- chains are what then tells).

ALTER TABLE case_events ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE case_events_id_seq OWNED BY case_events.id;
SELECT setval('case_events_id_seq', COALESCE((SELECT max(id) FROM case_events), 0) + 1, false);

ALTER TABLE case_events
  ADD COLUMN prev_hash bytea,
  ADD COLUMN hash bytea,
  ADD COLUMN seq bigint,
  ADD COLUMN global_prev bytea,
  ADD COLUMN global_hash bytea;

-- The admin stream's latest event, found without walking back over every case event since it.
CREATE INDEX case_events_admin_idx ON case_events (id) WHERE case_id IS NULL;

-- Where the global chain ends: the sealer continues from here (one row).
CREATE TABLE trail_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL,
  event_id bigint NOT NULL,
  global_hash bytea NOT NULL,
  sealed_at timestamptz NOT NULL
);

CREATE FUNCTION trail_genesis() RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT decode(repeat('00', 32), 'hex') $$;

CREATE FUNCTION trail_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v || ',' END $$;

CREATE FUNCTION trail_canonical(e case_events) RETURNS bytea LANGUAGE sql STABLE AS $$
  SELECT convert_to('trail1|' || trail_field(e.id::text) || trail_field(e.case_id::text)
    || trail_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || trail_field(e.actor_kind) || trail_field(e.actor_id::text) || trail_field(e.actor_label)
    || trail_field(e.action) || trail_field(e.note) || trail_field(e.data::text), 'UTF8')
$$;

-- The events already there become chained, in id order (one transaction with the rest of the
-- migration; the ALTER TABLE above holds off every writer meanwhile, so they are all sealed too).
DO $$
DECLARE
  r case_events;
  prev bytea;
  h bytea;
  g bytea;
  gprev bytea := trail_genesis();
  n bigint := 0;
  last_id bigint := 0;
BEGIN
  FOR r IN SELECT * FROM case_events ORDER BY id LOOP
    IF r.case_id IS NULL THEN
      SELECT e.hash INTO prev FROM case_events e WHERE e.case_id IS NULL AND e.id < r.id ORDER BY e.id DESC LIMIT 1;
    ELSE
      SELECT e.hash INTO prev FROM case_events e WHERE e.case_id = r.case_id AND e.id < r.id ORDER BY e.id DESC LIMIT 1;
    END IF;
    prev := COALESCE(prev, trail_genesis());
    h := sha256(prev || trail_canonical(r));
    n := n + 1;
    g := sha256(gprev || h);
    UPDATE case_events SET prev_hash = prev, hash = h, seq = n, global_prev = gprev, global_hash = g WHERE id = r.id;
    gprev := g;
    last_id := r.id;
  END LOOP;
  INSERT INTO trail_head (seq, event_id, global_hash, sealed_at) VALUES (n, last_id, gprev, now());
END
$$;

CREATE FUNCTION case_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_hash bytea;
BEGIN
  -- This transaction's own id first, before the event's id: then any transaction that took an
  -- event id up to N already shows its xid (pg_stat_activity) to whoever read the sequence at N.
  PERFORM pg_current_xact_id();
  -- One writer per stream at a time, until commit: the case row (which runCaseAction already holds),
  -- or an advisory lock for the admin stream.
  IF NEW.case_id IS NULL THEN
    PERFORM pg_advisory_xact_lock(72201508, 0);
  ELSE
    PERFORM 1 FROM cases WHERE id = NEW.case_id FOR NO KEY UPDATE;
  END IF;
  NEW.id := nextval('case_events_id_seq');
  IF NEW.case_id IS NULL THEN
    SELECT e.hash INTO last_hash FROM case_events e WHERE e.case_id IS NULL ORDER BY e.id DESC LIMIT 1;
  ELSE
    SELECT e.hash INTO last_hash FROM case_events e WHERE e.case_id = NEW.case_id ORDER BY e.id DESC LIMIT 1;
  END IF;
  NEW.prev_hash := COALESCE(last_hash, trail_genesis());
  NEW.hash := sha256(NEW.prev_hash || trail_canonical(NEW));
  NEW.seq := NULL;
  NEW.global_prev := NULL;
  NEW.global_hash := NULL;
  RETURN NEW;
END
$$;
CREATE TRIGGER case_events_chain BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_chain();

-- Append-only: the one update allowed is the sealer's, once per row, of the global columns only.
CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.seq IS NULL
       AND (NEW.id, NEW.case_id, NEW.at, NEW.actor_kind, NEW.actor_id, NEW.actor_label, NEW.action, NEW.note, NEW.data, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM (OLD.id, OLD.case_id, OLD.at, OLD.actor_kind, OLD.actor_id, OLD.actor_label, OLD.action, OLD.note, OLD.data, OLD.prev_hash, OLD.hash) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();
