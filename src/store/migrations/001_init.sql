-- The whole schema of the core loop. Kept to what PostgreSQL 15 supports, so that the
-- embedded store (PGlite) and a PostgreSQL server run the very same SQL.

-- Organisation: districts, units, categories, channels. All of it is data an admin can change.
CREATE TABLE districts (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE units (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  district text REFERENCES districts(code),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  code text PRIMARY KEY,
  name text NOT NULL,
  examples text NOT NULL DEFAULT '',
  route_to text NOT NULL,
  confidential boolean NOT NULL DEFAULT false,
  sort_order int NOT NULL DEFAULT 0
);

CREATE TABLE channels (
  code text PRIMARY KEY,
  name text NOT NULL,
  secret text,
  webhook_url text
);

CREATE TABLE appeal_types (
  code text PRIMARY KEY,
  name text NOT NULL,
  sort_order int NOT NULL DEFAULT 0
);

-- Configuration documents (time-limit policy, rate formulas, test clock offset ...).
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE calendar_years (
  year int PRIMARY KEY,
  holidays jsonb NOT NULL,
  workdays jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- People.
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  display_name text NOT NULL,
  unit_code text REFERENCES units(code),
  roles text[] NOT NULL,
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE citizens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone text NOT NULL UNIQUE,
  name text NOT NULL,
  id_number text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens are stored only as their SHA-256, so a leaked table opens no session.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint REFERENCES users(id) ON DELETE CASCADE,
  citizen_id bigint REFERENCES citizens(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (citizen_id IS NULL))
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_failures_username_at_idx ON login_failures (username, at);
CREATE INDEX login_failures_ip_at_idx ON login_failures (ip, at);

CREATE TABLE otp_codes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone text NOT NULL,
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  failed_tries int NOT NULL DEFAULT 0,
  used_at timestamptz
);
CREATE INDEX otp_codes_phone_created_idx ON otp_codes (phone, created_at);

-- Every message the platform sent to a citizen (SMS, WeChat ...); the default provider only records.
CREATE TABLE messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_addr text NOT NULL,
  channel text NOT NULL,
  text text NOT NULL,
  case_id bigint,
  created_at timestamptz NOT NULL
);
CREATE INDEX messages_to_idx ON messages (to_addr, created_at);

-- Cases (letters). One row per appeal, whatever channel it came through.
CREATE SEQUENCE case_number_seq;
CREATE TABLE cases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number text NOT NULL UNIQUE,
  channel text NOT NULL REFERENCES channels(code),
  external_id text,
  idempotency_key text,
  citizen_id bigint REFERENCES citizens(id),
  citizen_name text,
  citizen_phone text,
  type text NOT NULL,
  category text REFERENCES categories(code),
  title text NOT NULL,
  content text NOT NULL,
  address text,
  lat double precision,
  lng double precision,
  district text REFERENCES districts(code),
  priority text NOT NULL DEFAULT 'normal',
  confidential boolean NOT NULL DEFAULT false,
  status text NOT NULL,
  unit_code text REFERENCES units(code),
  co_unit_codes text[] NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL,
  dispatched_at timestamptz,
  signed_at timestamptz,
  contacted_at timestamptz,
  reported_at timestamptz,
  reviewed_at timestamptz,
  closed_at timestamptz,
  merged_into bigint REFERENCES cases(id),
  report_outcome text,
  report_content text,
  extension_pending jsonb,
  returns int NOT NULL DEFAULT 0,
  reopens int NOT NULL DEFAULT 0,
  -- The writer's verdict (from the center's callback, or the writer's own rating): feeds the three rates.
  eval_reached boolean,
  eval_resolved boolean,
  eval_satisfaction text,
  eval_at timestamptz,
  consent_to_publish boolean NOT NULL DEFAULT false,
  imported boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX cases_channel_external_idx ON cases (channel, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX cases_citizen_idem_idx ON cases (citizen_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX cases_unit_status_idx ON cases (unit_code, status);
CREATE INDEX cases_status_idx ON cases (status, received_at);
CREATE INDEX cases_received_idx ON cases (received_at);
CREATE INDEX cases_citizen_idx ON cases (citizen_id, received_at);
CREATE INDEX cases_co_units_idx ON cases USING gin (co_unit_codes);

-- The running time limits of a case: one row per limit, restarted (round + 1) on reopen.
CREATE TABLE case_limits (
  case_id bigint NOT NULL REFERENCES cases(id),
  kind text NOT NULL,
  round int NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  warn_at timestamptz NOT NULL,
  done_at timestamptz,
  warned_at timestamptz,
  breached_at timestamptz,
  -- An earlier round of this limit was missed: a restart (re-dispatch, reopen) does not wipe that from the figures.
  missed boolean NOT NULL DEFAULT false,
  PRIMARY KEY (case_id, kind)
);
-- The watcher's two questions: what turns yellow now, what turns red now.
CREATE INDEX case_limits_warn_idx ON case_limits (warn_at) WHERE done_at IS NULL AND warned_at IS NULL;
CREATE INDEX case_limits_due_idx ON case_limits (due_at) WHERE done_at IS NULL AND breached_at IS NULL;

-- The audit trail: every action on a case is one row, written in the same transaction as the change.
CREATE TABLE case_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint REFERENCES cases(id),
  at timestamptz NOT NULL,
  actor_kind text NOT NULL,
  actor_id bigint,
  actor_label text NOT NULL,
  action text NOT NULL,
  note text,
  data jsonb
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  uploader_kind text NOT NULL,
  uploader_id bigint NOT NULL,
  case_id bigint REFERENCES cases(id),
  content_type text NOT NULL,
  size int NOT NULL,
  width int,
  height int,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX attachments_case_idx ON attachments (case_id);

CREATE TABLE thanks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  citizen_id bigint REFERENCES citizens(id),
  content text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX thanks_case_idx ON thanks (case_id);
CREATE INDEX thanks_created_idx ON thanks (created_at);

-- Reminders (催办) to a unit and escalations (督办) to the center, raised by the watcher.
CREATE TABLE notices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  kind text NOT NULL,
  limit_kind text NOT NULL,
  to_unit text,
  to_role text,
  text text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notices_unit_idx ON notices (to_unit, created_at);

CREATE TABLE faq (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question text NOT NULL,
  answer text NOT NULL,
  category text REFERENCES categories(code),
  published boolean NOT NULL DEFAULT true,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL
);
