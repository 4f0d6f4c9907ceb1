-- Retention of personal data (issue 7): a finished case (closed, or merged into another) keeps its
-- writer's identity for RETENTION_DAYS after it finished; then the retention job
-- (src/jobs/retention.ts → src/commands/retention.ts) anonymises it once: writer fields emptied,
-- texts anonymised, attachments deleted, anonymised_at set and an `anonymised` event added to the
-- case's trail. A citizen's request for deletion (DELETE /api/citizen/me) takes the same path.
-- No column the figure triggers watch (migration 007) is touched, so the figures stay as they were.
ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;

-- When a finished case started to count towards retention (domain/retention.ts retentionStart):
-- closed_at for a closed case, updated_at (the merge) for a merged one. The index holds only the
-- finished cases not yet anonymised, ordered by that time, so each run of the job reads the due
-- ones from its low end instead of scanning every case; an anonymised case leaves the index.
CREATE INDEX cases_retention_idx ON cases ((CASE WHEN status = 'merged' THEN updated_at ELSE COALESCE(closed_at, updated_at) END))
  WHERE anonymised_at IS NULL AND status IN ('closed', 'merged');

-- Citizens not seen for RETENTION_DAYS (updated_at is renewed at each verification) and with no case
-- left pointing at them are deleted by the same job.
CREATE INDEX citizens_updated_idx ON citizens (updated_at);

-- What anonymising a batch of cases and deleting citizens look up, without a scan of a large table:
-- the letters merged into a case (their writers' names leave its texts too), the messages of a case,
-- a citizen's sessions (deleted with the citizen, ON DELETE CASCADE).
CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX messages_case_idx ON messages (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX sessions_citizen_idx ON sessions (citizen_id) WHERE citizen_id IS NOT NULL;
