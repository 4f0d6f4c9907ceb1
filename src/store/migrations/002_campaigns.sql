-- Special actions (专项): a group of letters about one problem handled together; feedback reaches every writer.
CREATE TABLE campaigns (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL,
  unit_code text NOT NULL REFERENCES units(code),
  status text NOT NULL DEFAULT 'open',
  hotspot_id text,
  -- What a new letter is compared with to join (domain/hotspots.ts HotspotProfile).
  profile jsonb,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL
);

CREATE TABLE campaign_cases (
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  case_id bigint NOT NULL REFERENCES cases(id),
  joined_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, case_id)
);
CREATE INDEX campaign_cases_case_idx ON campaign_cases (case_id);

-- The router's suggestion at intake (category, confidence, district, unit, the words that decided).
ALTER TABLE cases ADD COLUMN suggestion jsonb;
