-- The transactional outbox: what must leave the bureau (a channel's status webhook, a message to a
-- citizen through a real gateway) is written in the same transaction as the change that causes it,
-- and delivered afterwards by the outbox worker (jobs/outbox.ts) — retried with backoff, in order
-- per ordering key, claimed with a lease so that one process delivers each entry.
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,              -- 'webhook' | 'message'
  target text NOT NULL,            -- the channel code (webhook) or the message channel (sms, wechat, email)
  case_id bigint,
  ordering_key text NOT NULL,      -- entries with the same key are delivered one after another, in id order
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  last_status int,
  delivered_at timestamptz,
  dead_at timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_key_idx ON outbox (ordering_key, id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_dead_idx ON outbox (dead_at) WHERE dead_at IS NOT NULL;
