-- The monthly reply-quality figure per unit (commands/stats.ts replyScoresByUnit) reads the month's
-- feedback and closing-report events; with tens of millions of events, only those are indexed by time.
CREATE INDEX case_events_replies_at_idx ON case_events (at) WHERE action IN ('feedback', 'reported');
