-- Open311 GeoReport v2: the API keys an admin issues to outside clients, and the requests they
-- created. A key is stored only as its SHA-256, so a leaked table opens nothing.
CREATE TABLE open311_api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- Which key created which case, and the opaque token of GET tokens/:token (requests are created
-- synchronously, so the token resolves at once).
CREATE TABLE open311_requests (
  case_id bigint PRIMARY KEY REFERENCES cases(id),
  api_key_id bigint NOT NULL REFERENCES open311_api_keys(id),
  token text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
CREATE INDEX open311_requests_key_idx ON open311_requests (api_key_id, created_at);

-- GET requests reads the letters of this channel only, newest first, within a window of days.
CREATE INDEX cases_open311_received_idx ON cases (received_at, id) WHERE channel = 'open311';
