-- Early warnings (未诉先办) as the daily job raised them: one row per key (a district × category,
-- or a hot issue) and China day, so that several processes running the job at once raise each
-- warning once (INSERT … ON CONFLICT (key, day) DO NOTHING).
CREATE TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,
  day date NOT NULL,
  district text,
  category text,
  hotspot_id text,
  ratio double precision NOT NULL,
  count int NOT NULL,
  baseline double precision NOT NULL,
  since timestamptz,
  evidence jsonb NOT NULL,
  raised_at timestamptz NOT NULL,
  UNIQUE (key, day)
);
CREATE INDEX alerts_raised_idx ON alerts (raised_at);

-- A warning's notice to the center concerns many cases, not one.
ALTER TABLE notices ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE notices ADD COLUMN alert_id bigint REFERENCES alerts(id);

-- Special actions end (结束专项): closed ones take in no new letters and send no more feedback.
ALTER TABLE campaigns ADD COLUMN closed_at timestamptz;
ALTER TABLE campaigns ADD COLUMN closed_by bigint REFERENCES users(id);
ALTER TABLE campaigns ADD COLUMN last_feedback_at timestamptz;
CREATE INDEX campaigns_unit_idx ON campaigns (unit_code, created_at);
UPDATE campaigns k SET last_feedback_at = (
  SELECT max(e.at) FROM campaign_cases cc JOIN case_events e ON e.case_id = cc.case_id
   WHERE cc.campaign_id = k.id AND e.action = 'feedback' AND e.data->>'campaignId' = k.id::text);
